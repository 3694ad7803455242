package io.switchboard.voice.call;

import io.switchboard.voice.codec.Pcm16;
import io.switchboard.voice.codec.Upsampler;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agents listening to one call: both tracks go to each attached monitor as buffers of one track
 * byte and 16 kHz PCM (telephony audio is upsampled for them), events as JSON. Control requests
 * come over the event bus ({@link CallAddresses}), so a monitor on any node reaches the call.
 */
final class CallMonitors {

  /** Most monitors on one call. */
  static final int MAX_MONITORS = 16;

  /** What the session does on a monitor's request. */
  interface Control {

    /** The state a newly attached monitor starts from. */
    JsonObject snapshot();

    /** An agent takes over; fails when the call cannot be taken over now. */
    Future<Void> takeOver(String user);

    /** The agent hands the call back: to the bot, or waiting for an agent; answers which. */
    Future<String> handBack(String user);

    /** A frame of the taking-over agent's microphone, 16 kHz. */
    void agentAudio(Buffer pcm16k);
  }

  private final EventBus bus;
  private final String tenant;
  private final int lineRate;
  private final Control control;
  // Each monitor's reply address, and the agent behind it.
  private final Map<String, String> monitors = new LinkedHashMap<>();
  private final Upsampler callerUp;
  private final Upsampler replyUp;
  private final short[] wide = new short[320];
  private MessageConsumer<JsonObject> controlConsumer;
  private MessageConsumer<Buffer> audioConsumer;

  CallMonitors(EventBus bus, String tenant, int lineRate, Control control) {
    this.bus = bus;
    this.tenant = tenant;
    this.lineRate = lineRate;
    this.control = control;
    this.callerUp = lineRate == 16_000 ? null : new Upsampler();
    this.replyUp = lineRate == 16_000 ? null : new Upsampler();
  }

  /** Starts answering monitors of {@code callId}. */
  Future<Void> listen(String callId) {
    controlConsumer = bus.consumer(CallAddresses.control(callId), this::onControl);
    audioConsumer =
        bus.consumer(
            CallAddresses.agentAudio(callId), message -> control.agentAudio(message.body()));
    return Future.all(controlConsumer.completion(), audioConsumer.completion()).mapEmpty();
  }

  /** A frame of the caller, at the line's rate. */
  void caller(short[] frame) {
    send(CallAddresses.TRACK_CALLER, frame, callerUp);
  }

  /** A frame of what the caller hears, at the line's rate. */
  void reply(short[] frame) {
    send(CallAddresses.TRACK_REPLY, frame, replyUp);
  }

  /** An event for every monitor. */
  void event(JsonObject event) {
    for (String monitor : monitors.keySet()) {
      bus.send(monitor, event);
    }
  }

  /** Tells the monitors the call ended and stops answering. */
  void close() {
    event(new JsonObject().put("type", "ended"));
    monitors.clear();
    if (controlConsumer != null) {
      controlConsumer.unregister();
      audioConsumer.unregister();
    }
  }

  private void send(byte track, short[] frame, Upsampler up) {
    if (monitors.isEmpty()) {
      return;
    }
    short[] samples = frame;
    int n = frame.length;
    if (up != null) {
      n = up.process(frame, 0, frame.length, wide, 0);
      samples = wide;
    }
    Buffer buffer = Pcm16.append(samples, 0, n, Buffer.buffer(1 + 2 * n).appendByte(track));
    for (String monitor : monitors.keySet()) {
      bus.send(monitor, buffer);
    }
  }

  private void onControl(Message<JsonObject> message) {
    JsonObject request = message.body();
    if (!tenant.equals(request.getString("tenant"))) {
      message.fail(404, "no such call");
      return;
    }
    String action = request.getString("action", "");
    String user = request.getString("user", "");
    switch (action) {
      case "attach" -> {
        String replyTo = request.getString("reply_to");
        if (replyTo == null || monitors.size() >= MAX_MONITORS) {
          message.fail(429, "too many monitors on this call");
          return;
        }
        monitors.put(replyTo, user);
        message.reply(control.snapshot());
      }
      case "detach" -> {
        monitors.remove(request.getString("reply_to"));
        // An agent who had the call and left without handing it back (a closed tab, a lost
        // network) gives it back, unless another of their monitors is still on it: the caller
        // must not be left talking to nobody.
        if (!monitors.containsValue(user)) {
          control.handBack(user).otherwiseEmpty();
        }
        message.reply(new JsonObject());
      }
      case "takeover" ->
          control
              .takeOver(user)
              .onSuccess(done -> message.reply(new JsonObject().put("mode", "human")))
              .onFailure(failure -> message.fail(409, failure.getMessage()));
      case "handback" ->
          control
              .handBack(user)
              .onSuccess(mode -> message.reply(new JsonObject().put("mode", mode)))
              .onFailure(failure -> message.fail(409, failure.getMessage()));
      default -> message.fail(400, "unknown action");
    }
  }
}
