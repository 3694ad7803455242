package io.switchboard.voice.call;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.bus.HubAddresses;
import io.switchboard.platform.crud.CrudClient;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a call leaves behind: its record and transcript in crud-api's {@code calls} resource (whose
 * move to {@code ended} puts {@code call.ended} in the outbox), and live updates on the hub's
 * {@code call:<id>} channel for the console. Transcript segments are appended in order, batched
 * while a write is in flight; a failed write is logged and the call goes on.
 */
public final class CallRecords {

  private static final Logger LOG = LoggerFactory.getLogger(CallRecords.class);

  private static final long HUB_TIMEOUT_MS = 5_000;

  private final CrudClient crud;
  private final EventBus bus;
  private final Caller service;
  private String callId;
  private JsonArray pending = new JsonArray();
  private Future<?> writing = Future.succeededFuture();
  private boolean inFlight;

  /**
   * @param service the voice role acting for the call's tenant
   */
  public CallRecords(CrudClient crud, EventBus bus, Caller service) {
    this.crud = crud;
    this.bus = bus;
    this.service = service;
  }

  /** Creates the call record, ringing then in progress; completes with its id. */
  public Future<String> open(String direction) {
    return crud.createCall(service, direction, null)
        .map(call -> call.getString("id"))
        .compose(id -> crud.updateCall(service, id, "in-progress", null).map(id))
        .onSuccess(id -> callId = id);
  }

  /** Appends one transcript segment and publishes it on the call's channel. */
  public void segment(JsonObject segment) {
    publish(new JsonObject().put("type", "transcript").put("segment", segment));
    pending.add(segment);
    if (!inFlight) {
      writeNext();
    }
  }

  /** Publishes {@code event} on the hub channel {@code channel} of the call's tenant. */
  public void publish(String channel, JsonObject event) {
    JsonObject request =
        new JsonObject()
            .put("tenant", service.tenantId())
            .put("channel", channel)
            .put("data", event);
    bus.request(HubAddresses.PUBLISH, request, new DeliveryOptions().setSendTimeout(HUB_TIMEOUT_MS))
        .onFailure(
            failure ->
                LOG.debug(
                    "Call {}: not published on {}: {}", callId, channel, failure.getMessage()));
  }

  /** Publishes {@code event} on the call's own channel. */
  public void publish(JsonObject event) {
    if (callId != null) {
      publish("call:" + callId, event);
    }
  }

  /** Ends the record: the last segments written, then the state (and recording) set. */
  public Future<Void> close(String state, String recordingRef) {
    if (callId == null) {
      return Future.succeededFuture();
    }
    return drained()
        .compose(done -> crud.updateCall(service, callId, state, recordingRef))
        .onFailure(
            failure -> LOG.warn("Call {}: record not ended: {}", callId, failure.getMessage()))
        .<Void>mapEmpty()
        .recover(failure -> Future.succeededFuture());
  }

  private Future<Void> drained() {
    if (!inFlight && pending.isEmpty()) {
      return Future.succeededFuture();
    }
    return writing.transform(done -> drained());
  }

  private void writeNext() {
    if (pending.isEmpty() || callId == null) {
      inFlight = false;
      return;
    }
    JsonArray batch = pending;
    pending = new JsonArray();
    inFlight = true;
    writing =
        crud.appendTranscript(service, callId, batch)
            .onFailure(
                failure ->
                    LOG.warn("Call {}: transcript not stored: {}", callId, failure.getMessage()))
            .onComplete(done -> writeNext());
  }
}
