package io.switchboard.crud.grpc;

import io.switchboard.crud.call.CallInputs;
import io.switchboard.crud.call.CallStore;
import io.switchboard.crud.grpc.ResourceCalls.Statements;
import io.switchboard.protos.crud.v1.AppendTranscriptRequest;
import io.switchboard.protos.crud.v1.Call;
import io.switchboard.protos.crud.v1.CallServiceGrpcService;
import io.switchboard.protos.crud.v1.CreateCallRequest;
import io.switchboard.protos.crud.v1.GetCallRequest;
import io.switchboard.protos.crud.v1.ListCallsRequest;
import io.switchboard.protos.crud.v1.ListCallsResponse;
import io.switchboard.protos.crud.v1.TranscriptSegment;
import io.switchboard.protos.crud.v1.UpdateCallRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The gRPC service {@code switchboard.crud.v1.CallService}: calls and their transcripts, over the
 * REST resource's store.
 */
final class CallGrpcService {

  private static final Call REPLY = Call.getDefaultInstance();

  private final CallStore store;

  CallGrpcService(CallStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    calls.read(CallServiceGrpcService.GetCall, REPLY, RoleChecks.STAFF, this::get);
    calls.read(
        CallServiceGrpcService.ListCalls,
        ListCallsResponse.getDefaultInstance(),
        RoleChecks.STAFF,
        this::list);
    calls.create(CallServiceGrpcService.CreateCall, REPLY, RoleChecks.STAFF, this::create);
    calls.write(CallServiceGrpcService.UpdateCall, REPLY, RoleChecks.STAFF, this::update);
    calls.write(CallServiceGrpcService.AppendTranscript, REPLY, RoleChecks.STAFF, this::transcript);
  }

  private Statements get(CallInput<GetCallRequest> call) {
    UUID id = call.id();
    return tx -> store.find(tx, id).map(c -> c.toJson());
  }

  private Statements list(CallInput<ListCallsRequest> call) {
    CallInputs.ListQuery query = GrpcInputs.listQuery(call.message(), CallInputs::list);
    return tx ->
        store
            .list(tx, query)
            .map(page -> ResourceCalls.page("calls", page.items(), page.next(), c -> c.toJson()));
  }

  private Statements create(CallInput<CreateCallRequest> call) {
    CallInputs.NewCall created = CallInputs.create(call.body());
    return tx -> store.create(tx, call.caller(), created).map(c -> c.toJson());
  }

  private Statements update(CallInput<UpdateCallRequest> call) {
    UUID id = call.id();
    long version = call.expectedVersion();
    CallInputs.Change change = CallInputs.change(call.body());
    return tx -> store.update(tx, call.caller(), id, version, change).map(c -> c.toJson());
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
