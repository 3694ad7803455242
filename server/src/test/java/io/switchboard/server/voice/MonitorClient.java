package io.switchboard.server.voice;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.switchboard.voice.codec.Pcm16;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An agent's console listening to a call at {@code /voice/monitor/<callId>} (or a browser call).
 */
final class MonitorClient implements AutoCloseable {

  private final Vertx vertx;
  private final WebSocketClient client;
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final List<Buffer> audio = new CopyOnWriteArrayList<>();
  private WebSocket socket;
  private volatile int closeCode = -1;

  MonitorClient(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient();
  }

  /** Opens {@code uri} on {@code port} and sends start with {@code token}. */
  MonitorClient open(int port, String uri, String token) throws Exception {
    socket =
        client
            .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
            .await(10, SECONDS);
    socket.textMessageHandler(text -> events.add(new JsonObject(text)));
    socket.binaryMessageHandler(audio::add);
    socket.closeHandler(
        v -> closeCode = socket.closeStatusCode() == null ? 1006 : socket.closeStatusCode());
    if (token != null) {
      send(new JsonObject().put("type", "start").put("token", token));
    }
    return this;
  }

  void send(JsonObject control) {
    vertx.runOnContext(v -> socket.writeTextMessage(control.encode()));
  }

  void sendBinary(Buffer frame) {
    vertx.runOnContext(v -> socket.writeBinaryMessage(frame));
  }

  /** Speaks into the agent's microphone: {@code frames} 20 ms frames of a 440 Hz tone, paced. */
  void speakTone(int frames) throws InterruptedException {
    short[] tone = new short[320];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
    }
    for (int i = 0; i < frames; i++) {
      sendBinary(Pcm16.append(tone, 0, tone.length, Buffer.buffer()));
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  List<JsonObject> events() {
    return events;
  }

  List<Buffer> audio() {
    return audio;
  }

  JsonObject await(Predicate<JsonObject> test, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (JsonObject event : events) {
        if (test.test(event)) {
          return event;
        }
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
    throw new AssertionError(
        "no such event within " + seconds + " s; got " + events + " closed " + closeCode);
  }

  int awaitClose(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (closeCode < 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    return closeCode;
  }

  @Override
  public void close() throws Exception {
    if (socket != null && !socket.isClosed()) {
      socket.close().await(5, SECONDS);
    }
    client.close();
  }
}
