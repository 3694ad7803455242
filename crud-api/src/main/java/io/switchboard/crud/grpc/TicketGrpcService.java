package io.switchboard.crud.grpc;

import com.google.protobuf.Empty;
import io.switchboard.crud.grpc.ResourceCalls.Statements;
import io.switchboard.crud.ticket.TicketInputs;
import io.switchboard.crud.ticket.TicketStore;
import io.switchboard.protos.crud.v1.CreateTicketRequest;
import io.switchboard.protos.crud.v1.DeleteTicketRequest;
import io.switchboard.protos.crud.v1.GetTicketRequest;
import io.switchboard.protos.crud.v1.ListTicketsRequest;
import io.switchboard.protos.crud.v1.ListTicketsResponse;
import io.switchboard.protos.crud.v1.Ticket;
import io.switchboard.protos.crud.v1.TicketServiceGrpcService;
import io.switchboard.protos.crud.v1.UpdateTicketRequest;
import java.util.UUID;

/** The gRPC service {@code switchboard.crud.v1.TicketService}, over the REST resource's store. */
final class TicketGrpcService {

  private static final Ticket REPLY = Ticket.getDefaultInstance();

  private final TicketStore store;

  TicketGrpcService(TicketStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    calls.read(TicketServiceGrpcService.GetTicket, REPLY, RoleChecks.STAFF, this::get);
    calls.read(
        TicketServiceGrpcService.ListTickets,
        ListTicketsResponse.getDefaultInstance(),
        RoleChecks.STAFF,
        this::list);
    calls.create(TicketServiceGrpcService.CreateTicket, REPLY, RoleChecks.STAFF, this::create);
    calls.write(TicketServiceGrpcService.UpdateTicket, REPLY, RoleChecks.STAFF, this::update);
    calls.write(
        TicketServiceGrpcService.DeleteTicket,
        Empty.getDefaultInstance(),
        RoleChecks.EDITORS,
        this::delete);
  }

  private Statements get(CallInput<GetTicketRequest> call) {
    UUID id = call.id();
    return tx -> store.find(tx, id).map(ticket -> ticket.toJson());
  }

  private Statements list(CallInput<ListTicketsRequest> call) {
    TicketInputs.ListQuery query = GrpcInputs.listQuery(call.message(), TicketInputs::list);
    return tx ->
        store
            .list(tx, query)
            .map(page -> ResourceCalls.page("tickets", page.items(), page.next(), t -> t.toJson()));
  }

  private Statements create(CallInput<CreateTicketRequest> call) {
    TicketInputs.NewTicket created = TicketInputs.create(call.body());
    return tx -> store.create(tx, call.caller(), created).map(ticket -> ticket.toJson());
  }

  private Statements update(CallInput<UpdateTicketRequest> call) {
    UUID id = call.id();
    long version = call.expectedVersion();
    TicketInputs.Change change = TicketInputs.change(call.body());
    return tx ->
        store.update(tx, call.caller(), id, version, change).map(ticket -> ticket.toJson());
  }

  private Statements delete(CallInput<DeleteTicketRequest> call) {
    UUID id = call.id();
    return tx -> store.delete(tx, call.caller(), id).map(ResourceCalls::none);
  }
}
