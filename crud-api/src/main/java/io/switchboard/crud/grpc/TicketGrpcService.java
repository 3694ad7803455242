package io.switchboard.crud.grpc;

import static io.switchboard.crud.grpc.ResourceCalls.NOTHING;
import static io.switchboard.crud.grpc.ResourceWork.onId;
import static io.switchboard.crud.grpc.ResourceWork.update;
import static io.switchboard.crud.grpc.ResourceWork.withBody;
import static io.switchboard.crud.grpc.ResourceWork.withQuery;

import io.switchboard.crud.ticket.TicketInputs;
import io.switchboard.crud.ticket.TicketStore;
import io.switchboard.protos.crud.v1.ListTicketsResponse;
import io.switchboard.protos.crud.v1.Ticket;
import io.switchboard.protos.crud.v1.TicketServiceGrpcService;

/** The gRPC service {@code switchboard.crud.v1.TicketService}, over the REST resource's store. */
final class TicketGrpcService {

  private final TicketStore store;

  TicketGrpcService(TicketStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    Ticket reply = Ticket.getDefaultInstance();
    calls.read(
        TicketServiceGrpcService.GetTicket,
        reply,
        RoleChecks.STAFF,
        onId((tx, caller, id) -> store.find(tx, id).map(t -> t.toJson())));
    calls.read(
        TicketServiceGrpcService.ListTickets,
        ListTicketsResponse.getDefaultInstance(),
        RoleChecks.STAFF,
        withQuery(
            TicketInputs::list,
            (tx, caller, query) ->
                store
                    .list(tx, query)
                    .map(
                        p -> ResourceCalls.page("tickets", p.items(), p.next(), t -> t.toJson()))));
    calls.create(
        TicketServiceGrpcService.CreateTicket,
        reply,
        RoleChecks.STAFF,
        withBody(
            TicketInputs::create,
            (tx, caller, created) -> store.create(tx, caller, created).map(t -> t.toJson())));
    calls.write(
        TicketServiceGrpcService.UpdateTicket,
        reply,
        RoleChecks.STAFF,
        update(
            TicketInputs::change,
            (tx, caller, id, version, change) ->
                store.update(tx, caller, id, version, change).map(t -> t.toJson())));
    calls.write(
        TicketServiceGrpcService.DeleteTicket,
        NOTHING,
        RoleChecks.EDITORS,
        onId((tx, caller, id) -> store.delete(tx, caller, id).map(ResourceCalls::none)));
  }
}
