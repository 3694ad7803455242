package io.switchboard.server.chat;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare WebSocket speaking the JSON protocol frame by frame, for what no SDK would send. */
final class RawSocket implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket socket;
  final BlockingQueue<JsonObject> replies = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  final java.util.concurrent.atomic.AtomicInteger frames =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Whether the server's pings get the pong an SDK would send. */
  volatile boolean answerPings = true;

  private RawSocket(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(
        text -> {
          frames.incrementAndGet();
          for (String line : text.split("\n")) {
            if (line.isBlank()) {
              continue;
            }
            JsonObject reply = new JsonObject(line);
            if (reply.isEmpty() && answerPings) {
              socket.writeTextMessage("{}");
            }
            replies.add(reply);
          }
        });
    socket.closeHandler(
        gone ->
            closed.complete(
                socket.closeStatusCode() == null ? -1 : (int) socket.closeStatusCode()));
  }

  static RawSocket open(Vertx vertx, int port) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket socket =
        client
            .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
            .await(ChatFixture.TIMEOUT_SECONDS, SECONDS);
    return new RawSocket(client, socket);
  }

  /** Opens a socket and connects with {@code token}; fails if the hub does not accept it. */
  static RawSocket connected(Vertx vertx, int port, String token) throws Exception {
    RawSocket raw = open(vertx, port);
    raw.send(new JsonObject().put("id", 1).put("connect", new JsonObject().put("token", token)));
    JsonObject reply = raw.next();
    if (!reply.containsKey("connect")) {
      throw new AssertionError("not connected: " + reply);
    }
    return raw;
  }

  void send(JsonObject command) {
    socket.writeTextMessage(command.encode());
  }

  void sendText(String text) {
    socket.writeTextMessage(text);
  }

  void sendBinary(Buffer bytes) {
    socket.writeBinaryMessage(bytes);
  }

  /** The next reply that is not a server ping. */
  JsonObject next() throws InterruptedException {
    while (true) {
      JsonObject reply = replies.poll(ChatFixture.TIMEOUT_SECONDS, SECONDS);
      if (reply == null) {
        throw new AssertionError("no reply within " + ChatFixture.TIMEOUT_SECONDS + " s");
      }
      if (!reply.isEmpty()) {
        return reply;
      }
    }
  }

  /** Sends {@code command} and returns the reply with its id. */
  JsonObject call(int id, String method, JsonObject params) throws InterruptedException {
    send(new JsonObject().put("id", id).put(method, params));
    while (true) {
      JsonObject reply = next();
      if (reply.getInteger("id", 0) == id) {
        return reply;
      }
    }
  }

  /** The close code the hub sent; fails if the socket stays open. */
  int closeCode() throws Exception {
    return closed.get(ChatFixture.TIMEOUT_SECONDS, SECONDS);
  }

  void pause() {
    socket.pause();
  }

  void resume() {
    socket.resume();
  }

  boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void close() throws Exception {
    if (!socket.isClosed()) {
      socket.close();
    }
    client.close().await(5, TimeUnit.SECONDS);
  }
}
