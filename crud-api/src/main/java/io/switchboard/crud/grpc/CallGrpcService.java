package io.switchboard.crud.grpc;

import static io.switchboard.crud.grpc.ResourceWork.onId;
import static io.switchboard.crud.grpc.ResourceWork.update;
import static io.switchboard.crud.grpc.ResourceWork.withBody;
import static io.switchboard.crud.grpc.ResourceWork.withQuery;

import io.switchboard.crud.call.CallInputs;
import io.switchboard.crud.call.CallStore;
import io.switchboard.crud.grpc.ResourceCalls.Statements;
import io.switchboard.protos.crud.v1.AppendTranscriptRequest;
import io.switchboard.protos.crud.v1.Call;
import io.switchboard.protos.crud.v1.CallServiceGrpcService;
import io.switchboard.protos.crud.v1.ListCallsResponse;
import io.switchboard.protos.crud.v1.TranscriptSegment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The gRPC service {@code switchboard.crud.v1.CallService}: calls and their transcripts, over the
 * REST resource's store.
 */
final class CallGrpcService {

  private final CallStore store;

  CallGrpcService(CallStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    Call reply = Call.getDefaultInstance();
    calls.read(
        CallServiceGrpcService.GetCall,
        reply,
        RoleChecks.STAFF,
        onId((tx, caller, id) -> store.find(tx, id).map(c -> c.toJson())));
    calls.read(
        CallServiceGrpcService.ListCalls,
        ListCallsResponse.getDefaultInstance(),
        RoleChecks.STAFF,
        withQuery(
            CallInputs::list,
            (tx, caller, query) ->
                store
                    .list(tx, query)
                    .map(p -> ResourceCalls.page("calls", p.items(), p.next(), c -> c.toJson()))));
    calls.create(
        CallServiceGrpcService.CreateCall,
        reply,
        RoleChecks.STAFF,
        withBody(
            CallInputs::create,
            (tx, caller, created) -> store.create(tx, caller, created).map(c -> c.toJson())));
    calls.write(
        CallServiceGrpcService.UpdateCall,
        reply,
        RoleChecks.STAFF,
        update(
            CallInputs::change,
            (tx, caller, id, version, change) ->
                store.update(tx, caller, id, version, change).map(c -> c.toJson())));
    calls.write(CallServiceGrpcService.AppendTranscript, reply, RoleChecks.STAFF, this::transcript);
  }

  private Statements transcript(CallInput<AppendTranscriptRequest> call) {
    UUID id = call.id();
    // REST names the segments' times startMs and endMs, the JSON names of start_ms and end_ms.
    JsonArray segments = new JsonArray();
    for (TranscriptSegment segment : call.message().getSegmentsList()) {
      segments.add(
          new JsonObject()
              .put("speaker", segment.getSpeaker())
              .put("text", segment.getText())
              .put("startMs", segment.getStartMs())
              .put("endMs", segment.getEndMs()));
    }
    JsonArray checked = CallInputs.segments(new JsonObject().put("segments", segments).toBuffer());
    return tx -> store.appendTranscript(tx, call.caller(), id, checked).map(c -> c.toJson());
  }
}
