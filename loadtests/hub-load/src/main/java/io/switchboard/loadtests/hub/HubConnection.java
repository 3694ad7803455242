package io.switchboard.loadtests.hub;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * One chat WebSocket speaking the JSON client protocol: connect with a token, subscribe, answer the
 * server's pings, match replies to commands by id, and hand every push line to a {@link PushSink}
 * without parsing it.
 */
final class HubConnection {

  /** Receives the raw bytes of one push line, {@code [start, end)} of {@code frame}. */
  interface PushSink {
    void push(Buffer frame, int start, int end);
  }

  private static final byte NEWLINE = '\n';
  private static final String PONG = "{}";
  private static final byte[] PUSH_PREFIX = "{\"push\"".getBytes();

  private final Map<Long, Promise<JsonObject>> pending = new HashMap<>();
  private final PushSink sink;
  private WebSocket socket;
  private long nextId = 1;
  private Runnable onClose = () -> {};

  HubConnection(PushSink sink) {
    this.sink = sink;
  }

  /** Opens the socket and sends {@code connect}; completes with the connect result. */
  Future<JsonObject> open(WebSocketClient client, WebSocketConnectOptions target, String token) {
    return client
        .connect(target)
        .compose(
            ws -> {
              socket = ws;
              ws.handler(this::frame);
              ws.closeHandler(v -> closed());
              return command("connect", new JsonObject().put("token", token));
            });
  }

  Future<JsonObject> subscribe(String channel) {
    return command("subscribe", new JsonObject().put("channel", channel));
  }

  /** Sends a command; the future holds its result, or fails with the reply's error. */
  Future<JsonObject> command(String method, JsonObject params) {
    long id = nextId++;
    Promise<JsonObject> reply = Promise.promise();
    pending.put(id, reply);
    socket
        .writeTextMessage(new JsonObject().put("id", id).put(method, params).encode())
        .onFailure(
            failure -> {
              if (pending.remove(id) != null) {
                reply.fail(failure);
              }
            });
    return reply.future();
  }

  /** Writes a pre-encoded command whose id was taken with {@link #takeId()}. */
  Future<JsonObject> send(long id, String encoded) {
    Promise<JsonObject> reply = Promise.promise();
    pending.put(id, reply);
    socket.writeTextMessage(encoded);
    return reply.future();
  }

  long takeId() {
    return nextId++;
  }

  int pendingReplies() {
    return pending.size();
  }

  void onClose(Runnable action) {
    onClose = action;
  }

  Future<Void> close() {
    return socket == null ? Future.succeededFuture() : socket.close();
  }

  private void frame(Buffer frame) {
    int length = frame.length();
    int start = 0;
    while (start < length) {
      int end = start;
      while (end < length && frame.getByte(end) != NEWLINE) {
        end++;
      }
      line(frame, start, end);
      start = end + 1;
    }
  }

  private void line(Buffer frame, int start, int end) {
    if (end - start == 2 && frame.getByte(start) == '{' && frame.getByte(start + 1) == '}') {
      socket.writeTextMessage(PONG);
    } else if (startsWith(frame, start, end, PUSH_PREFIX)) {
      sink.push(frame, start, end);
    } else if (end > start) {
      reply(new JsonObject(frame.getString(start, end)));
    }
  }

  private void reply(JsonObject reply) {
    Promise<JsonObject> promise = pending.remove(reply.getLong("id", 0L));
    if (promise == null) {
      return;
    }
    JsonObject error = reply.getJsonObject("error");
    if (error != null) {
      promise.fail(new ReplyError(error.getInteger("code", 0), error.getString("message", "")));
      return;
    }
    for (String field : reply.fieldNames()) {
      if (!field.equals("id")) {
        promise.complete(reply.getJsonObject(field));
        return;
      }
    }
    promise.complete(new JsonObject());
  }

  private void closed() {
    pending.values().forEach(promise -> promise.tryFail("connection closed"));
    pending.clear();
    onClose.run();
  }

  static boolean startsWith(Buffer frame, int start, int end, byte[] prefix) {
    if (end - start < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (frame.getByte(start + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** An error reply from the hub, with its protocol code. */
  static final class ReplyError extends RuntimeException {
    final int code;

    ReplyError(int code, String message) {
      super(code + " " + message, null, false, false);
      this.code = code;
    }
  }
}
