package io.switchboard.crud.grpc;

import static io.switchboard.crud.grpc.ResourceCalls.NOTHING;
import static io.switchboard.crud.grpc.ResourceWork.onId;
import static io.switchboard.crud.grpc.ResourceWork.update;
import static io.switchboard.crud.grpc.ResourceWork.withBody;
import static io.switchboard.crud.grpc.ResourceWork.withQuery;

import io.switchboard.crud.canned.CannedResponseInputs;
import io.switchboard.crud.canned.CannedResponseStore;
import io.switchboard.protos.crud.v1.CannedResponse;
import io.switchboard.protos.crud.v1.CannedResponseServiceGrpcService;
import io.switchboard.protos.crud.v1.ListCannedResponsesResponse;

/**
 * The gRPC service {@code switchboard.crud.v1.CannedResponseService}, over the REST resource's
 * store.
 */
final class CannedResponseGrpcService {

  private final CannedResponseStore store;

  CannedResponseGrpcService(CannedResponseStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    CannedResponse reply = CannedResponse.getDefaultInstance();
    calls.read(
        CannedResponseServiceGrpcService.GetCannedResponse,
        reply,
        RoleChecks.STAFF,
        onId((tx, caller, id) -> store.find(tx, id).map(c -> c.toJson())));
    calls.read(
        CannedResponseServiceGrpcService.ListCannedResponses,
        ListCannedResponsesResponse.getDefaultInstance(),
        RoleChecks.STAFF,
        withQuery(
            CannedResponseInputs::list,
            (tx, caller, query) ->
                store
                    .list(tx, query)
                    .map(
                        p ->
                            ResourceCalls.page(
                                "canned_responses", p.items(), p.next(), c -> c.toJson()))));
    calls.create(
        CannedResponseServiceGrpcService.CreateCannedResponse,
        reply,
        RoleChecks.EDITORS,
        withBody(
            CannedResponseInputs::create,
            (tx, caller, created) -> store.create(tx, caller, created).map(c -> c.toJson())));
    calls.write(
        CannedResponseServiceGrpcService.UpdateCannedResponse,
        reply,
        RoleChecks.EDITORS,
        update(
            CannedResponseInputs::change,
            (tx, caller, id, version, change) ->
                store.update(tx, caller, id, version, change).map(c -> c.toJson())));
    calls.write(
        CannedResponseServiceGrpcService.DeleteCannedResponse,
        NOTHING,
        RoleChecks.EDITORS,
        onId((tx, caller, id) -> store.delete(tx, caller, id).map(ResourceCalls::none)));
  }
}
