package io.switchboard.crud.grpc;

import com.google.protobuf.Empty;
import io.switchboard.crud.canned.CannedResponseInputs;
import io.switchboard.crud.canned.CannedResponseStore;
import io.switchboard.crud.grpc.ResourceCalls.Statements;
import io.switchboard.protos.crud.v1.CannedResponse;
import io.switchboard.protos.crud.v1.CannedResponseServiceGrpcService;
import io.switchboard.protos.crud.v1.CreateCannedResponseRequest;
import io.switchboard.protos.crud.v1.DeleteCannedResponseRequest;
import io.switchboard.protos.crud.v1.GetCannedResponseRequest;
import io.switchboard.protos.crud.v1.ListCannedResponsesRequest;
import io.switchboard.protos.crud.v1.ListCannedResponsesResponse;
import io.switchboard.protos.crud.v1.UpdateCannedResponseRequest;
import java.util.UUID;

/**
 * The gRPC service {@code switchboard.crud.v1.CannedResponseService}, over the REST resource's
 * store.
 */
final class CannedResponseGrpcService {

  private static final CannedResponse REPLY = CannedResponse.getDefaultInstance();

  private final CannedResponseStore store;

  CannedResponseGrpcService(CannedResponseStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    calls.read(
        CannedResponseServiceGrpcService.GetCannedResponse, REPLY, RoleChecks.STAFF, this::get);
    calls.read(
        CannedResponseServiceGrpcService.ListCannedResponses,
        ListCannedResponsesResponse.getDefaultInstance(),
        RoleChecks.STAFF,
        this::list);
    calls.create(
        CannedResponseServiceGrpcService.CreateCannedResponse,
        REPLY,
        RoleChecks.EDITORS,
        this::create);
    calls.write(
        CannedResponseServiceGrpcService.UpdateCannedResponse,
        REPLY,
        RoleChecks.EDITORS,
        this::update);
    calls.write(
        CannedResponseServiceGrpcService.DeleteCannedResponse,
        Empty.getDefaultInstance(),
        RoleChecks.EDITORS,
        this::delete);
  }

  private Statements get(CallInput<GetCannedResponseRequest> call) {
    UUID id = call.id();
    return tx -> store.find(tx, id).map(canned -> canned.toJson());
  }

  private Statements list(CallInput<ListCannedResponsesRequest> call) {
    CannedResponseInputs.ListQuery query =
        GrpcInputs.listQuery(call.message(), CannedResponseInputs::list);
    return tx ->
        store
            .list(tx, query)
            .map(
                page ->
                    ResourceCalls.page(
                        "canned_responses", page.items(), page.next(), c -> c.toJson()));
  }

  private Statements create(CallInput<CreateCannedResponseRequest> call) {
    CannedResponseInputs.Fields created = CannedResponseInputs.create(call.body());
    return tx -> store.create(tx, call.caller(), created).map(canned -> canned.toJson());
  }

  private Statements update(CallInput<UpdateCannedResponseRequest> call) {
    UUID id = call.id();
    long version = call.expectedVersion();
    CannedResponseInputs.Fields change = CannedResponseInputs.change(call.body());
    return tx ->
        store.update(tx, call.caller(), id, version, change).map(canned -> canned.toJson());
  }

  private Statements delete(CallInput<DeleteCannedResponseRequest> call) {
    UUID id = call.id();
    return tx -> store.delete(tx, call.caller(), id).map(ResourceCalls::none);
  }
}
