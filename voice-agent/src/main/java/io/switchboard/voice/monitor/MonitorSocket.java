package io.switchboard.voice.monitor;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.voice.call.CallAddresses;
import io.switchboard.voice.call.CallRefused;
import io.switchboard.voice.call.VoiceClose;
import io.switchboard.voice.call.VoiceGate;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent or supervisor listening to a live call at {@code /voice/monitor/<callId>}: after a
 * {@code start} frame with their token (role agent or above, the call's tenant) they get both
 * tracks as binary frames (a track byte, then 20 ms of 16 kHz PCM), the live transcript and call
 * events as JSON; {@code takeover} silences the bot and sends their microphone's binary frames to
 * the caller, {@code handback} returns the call to the bot. The call may live on any node.
 */
public final class MonitorSocket {

  /** Name of this endpoint in meters. */
  public static final String ENDPOINT = "monitor";

  private static final Pattern CALL_ID = Pattern.compile("[0-9a-fA-F-]{1,64}");

  private static final long CONTROL_TIMEOUT_MS = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger(MonitorSocket.class);

  private final ServerWebSocket socket;
  private final VoiceGate gate;
  private final String callId;
  private final String address = "voice.monitor." + UUID.randomUUID();
  private MessageConsumer<Object> consumer;
  private Caller agent;
  private boolean attached;
  private boolean closed;
  private long startTimer;

  public MonitorSocket(ServerWebSocket socket, VoiceGate gate, String callId) {
    this.socket = socket;
    this.gate = gate;
    this.callId = callId;
  }

  /** Starts reading the socket. */
  public void start() {
    socket.textMessageHandler(this::onText);
    socket.binaryMessageHandler(this::onAudio);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(failure -> LOG.debug("Monitor: {}", failure.getMessage()));
    startTimer =
        gate.vertx()
            .setTimer(
                gate.config().startTimeoutMs(),
                id -> {
                  if (!attached) {
                    close(VoiceClose.TIMEOUT, "no start in time");
                  }
                });
  }

  private void onText(String text) {
    if (closed) {
      return;
    }
    if (text.length() > gate.config().maxBrowserFrameBytes()) {
      close(VoiceClose.TOO_BIG, "frame too big");
      return;
    }
    JsonObject control;
    try {
      control = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      error("bad-json", "a control frame must be a JSON object");
      return;
    }
    String type = control.getValue("type") instanceof String t ? t : "";
    switch (type) {
      case "start" -> onStart(control);
      case "takeover", "handback" -> control(type);
      case "stop" -> close(VoiceClose.NORMAL, "monitor closed");
      default -> error("unknown-type", "unknown control frame type");
    }
  }

  private void onStart(JsonObject control) {
    if (agent != null) {
      error("second-start", "already started");
      return;
    }
    Object token = control.getValue("token");
    gate.verify(token instanceof String t ? t : null)
        .compose(this::staff)
        .compose(this::attach)
        .onSuccess(
            snapshot -> {
              attached = true;
              gate.vertx().cancelTimer(startTimer);
              send(snapshot.copy().put("type", "attached"));
            })
        .onFailure(
            failure -> {
              if (failure instanceof CallRefused refused) {
                close(refused.close(), refused.getMessage());
              } else {
                close(VoiceClose.UNAVAILABLE, "monitor could not start");
              }
            });
  }

  private Future<Caller> staff(Caller caller) {
    if (!caller.has(Role.AGENT) && !caller.has(Role.SUPERVISOR) && !caller.has(Role.ADMIN)) {
      return Future.failedFuture(
          new CallRefused(VoiceClose.FORBIDDEN, "monitoring needs role agent or above"));
    }
    if (!CALL_ID.matcher(callId).matches()) {
      return Future.failedFuture(new CallRefused(VoiceClose.NOT_FOUND, "no such call"));
    }
    agent = caller;
    return Future.succeededFuture(caller);
  }

  private Future<JsonObject> attach(Caller caller) {
    consumer = gate.vertx().eventBus().consumer(address, message -> deliver(message.body()));
    return consumer
        .completion()
        .compose(registered -> request("attach"))
        .recover(
            failure -> {
              consumer.unregister();
              return Future.failedFuture(new CallRefused(VoiceClose.NOT_FOUND, "no such call"));
            });
  }

  private void control(String action) {
    if (!attached) {
      error("before-start", "send start first");
      return;
    }
    request(action)
        .onSuccess(
            reply ->
                send(
                    new JsonObject()
                        .put("type", action)
                        .put("ok", true)
                        .put("mode", reply.getString("mode"))))
        .onFailure(
            failure ->
                send(
                    new JsonObject()
                        .put("type", "error")
                        .put("code", action + "-refused")
                        .put("message", failure.getMessage())));
  }

  private Future<JsonObject> request(String action) {
    JsonObject body =
        new JsonObject()
            .put("action", action)
            .put("tenant", agent.tenantId())
            .put("user", agent.userId())
            .put("reply_to", address);
    return gate.vertx()
        .eventBus()
        .<JsonObject>request(
            CallAddresses.control(callId),
            body,
            new DeliveryOptions().setSendTimeout(CONTROL_TIMEOUT_MS))
        .map(message -> message.body());
  }

  private void deliver(Object body) {
    if (closed) {
      return;
    }
    if (body instanceof Buffer audio) {
      if (socket.isClosed()) {
        return;
      }
      if (socket.writeQueueFull()) {
        gate.metrics().refused(ENDPOINT, "audio-dropped");
        return;
      }
      socket.writeBinaryMessage(audio);
    } else if (body instanceof JsonObject event) {
      send(event);
      if ("ended".equals(event.getString("type"))) {
        close(VoiceClose.NORMAL, "call ended");
      }
    }
  }

  private void onAudio(Buffer audio) {
    if (!attached) {
      gate.metrics().refused(ENDPOINT, "audio-before-start");
      return;
    }
    if (audio.length() != 640) {
      gate.metrics().refused(ENDPOINT, "bad-size");
      error("bad-size", "an audio frame must be 640 bytes: 20 ms of 16-bit PCM at 16 kHz");
      return;
    }
    // The call plays it only while this agent has taken over.
    gate.vertx().eventBus().send(CallAddresses.agentAudio(callId), audio);
  }

  private void onClosed() {
    closed = true;
    gate.vertx().cancelTimer(startTimer);
    if (attached) {
      request("detach").onFailure(failure -> {});
    }
    if (consumer != null) {
      consumer.unregister();
    }
  }

  private void error(String code, String message) {
    gate.metrics().refused(ENDPOINT, code);
    send(new JsonObject().put("type", "error").put("code", code).put("message", message));
  }

  private void send(JsonObject event) {
    if (!closed && !socket.isClosed()) {
      socket.writeTextMessage(event.encode());
    }
  }

  private void close(VoiceClose code, String reason) {
    if (!socket.isClosed()) {
      socket.close((short) code.code(), reason);
    }
  }
}
