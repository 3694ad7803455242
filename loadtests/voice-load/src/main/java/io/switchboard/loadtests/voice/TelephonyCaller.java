package io.switchboard.loadtests.voice;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.LongConsumer;

/**
 * One telephony provider's media stream as providers send it: {@code connected}, {@code start} with
 * the tenant and token as custom parameters, then {@code media} events numbered by chunk, with the
 * stream timestamp in milliseconds, and {@code stop} at the end. Lives on one event loop.
 */
final class TelephonyCaller {

  /** Milliseconds of audio in one media event. */
  static final int FRAME_MS = 20;

  /** Close code recorded for a connection that ended without a close frame. */
  static final int ABNORMAL_CLOSE = 1006;

  private final String streamSid;
  private final FrameSource source;
  private WebSocket socket;
  private long sequence;
  private long chunk;
  private boolean closed;
  private LongConsumer onReplyMedia = at -> {};
  private Runnable onClose = () -> {};

  TelephonyCaller(int id, FrameSource source) {
    this.streamSid = "MZload" + id + "x" + Long.toHexString(System.nanoTime());
    this.source = source;
  }

  /** Opens the stream and sends {@code connected} and {@code start}; fails if the node refuses. */
  Future<TelephonyCaller> open(
      WebSocketClient client, WebSocketConnectOptions target, String tenant, String token) {
    return client
        .connect(target)
        .map(
            ws -> {
              socket = ws;
              ws.textMessageHandler(this::onText);
              ws.closeHandler(v -> closed());
              ws.exceptionHandler(failure -> {});
              ws.writeTextMessage(connected());
              ws.writeTextMessage(start(tenant, token));
              return this;
            });
  }

  /** Called with {@link System#nanoTime()} each time a reply {@code media} event arrives. */
  TelephonyCaller onReplyMedia(LongConsumer handler) {
    this.onReplyMedia = handler;
    return this;
  }

  /** Called once when the stream has closed, by either side. */
  TelephonyCaller onClose(Runnable handler) {
    this.onClose = handler;
    return this;
  }

  /** Sends the next 20 ms of audio; false once the stream is closed. */
  boolean sendFrame() {
    if (closed || socket == null) {
      return false;
    }
    chunk++;
    sequence++;
    socket.writeTextMessage(media(source.next()));
    return true;
  }

  /** Frames sent so far. */
  long chunks() {
    return chunk;
  }

  /** Whether the stream has closed. */
  boolean isClosed() {
    return closed;
  }

  /** The code the stream closed with ({@link #ABNORMAL_CLOSE} without a close frame). */
  int closeCode() {
    Short code = socket == null ? null : socket.closeStatusCode();
    return code == null ? ABNORMAL_CLOSE : code;
  }

  /** Hangs up as a provider does: {@code stop}, then the close. */
  Future<Void> hangUp() {
    if (closed || socket == null) {
      return Future.succeededFuture();
    }
    sequence++;
    socket.writeTextMessage(
        new JsonObject()
            .put("event", "stop")
            .put("sequenceNumber", Long.toString(sequence))
            .put("streamSid", streamSid)
            .put("stop", new JsonObject().put("callSid", "CA" + streamSid))
            .encode());
    return socket.close();
  }

  private void onText(String text) {
    // Only reply audio matters here; marks and clears are not answered in a load run.
    if (text.contains("\"event\":\"media\"")) {
      onReplyMedia.accept(System.nanoTime());
    }
  }

  private void closed() {
    if (!closed) {
      closed = true;
      onClose.run();
    }
  }

  private String connected() {
    return new JsonObject()
        .put("event", "connected")
        .put("protocol", "Call")
        .put("version", "1.0.0")
        .encode();
  }

  private String start(String tenant, String token) {
    sequence++;
    return new JsonObject()
        .put("event", "start")
        .put("sequenceNumber", Long.toString(sequence))
        .put("streamSid", streamSid)
        .put(
            "start",
            new JsonObject()
                .put("streamSid", streamSid)
                .put("callSid", "CA" + streamSid)
                .put("tracks", new JsonArray().add("inbound"))
                .put(
                    "mediaFormat",
                    new JsonObject()
                        .put("encoding", "audio/x-mulaw")
                        .put("sampleRate", 8000)
                        .put("channels", 1))
                .put(
                    "customParameters", new JsonObject().put("tenant", tenant).put("token", token)))
        .encode();
  }

  private String media(String payload) {
    // Built by hand: this runs 50 times a second per stream, and providers send numbers as strings.
    return "{\"event\":\"media\",\"sequenceNumber\":\""
        + sequence
        + "\",\"streamSid\":\""
        + streamSid
        + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\""
        + chunk
        + "\",\"timestamp\":\""
        + chunk * FRAME_MS
        + "\",\"payload\":\""
        + payload
        + "\"}}";
  }
}
