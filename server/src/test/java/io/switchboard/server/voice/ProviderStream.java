package io.switchboard.server.voice;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.switchboard.voice.codec.MuLaw;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A telephony provider's side of a media stream, as a provider behaves: connected, start with the
 * tenant and token as custom parameters, then one mu-law media event every 20 ms (speech, then the
 * silence of a line with nobody talking), echoing each mark back once the audio before it has
 * played.
 */
final class ProviderStream implements AutoCloseable {

  static final int FRAME = 160;

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String streamSid = "MZ" + Long.toHexString(System.nanoTime());
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final List<short[]> replyFrames = new CopyOnWriteArrayList<>();
  private final List<short[]> queue = new ArrayList<>();
  private WebSocket socket;
  private long chunk;
  private long timer = -1;
  private volatile int closeCode = -1;
  private volatile String closeReason;

  ProviderStream(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient();
  }

  /** Opens the stream to {@code /voice/telephony} on {@code port}. */
  ProviderStream connect(int port) throws Exception {
    socket =
        client
            .connect(
                new WebSocketConnectOptions()
                    .setHost("127.0.0.1")
                    .setPort(port)
                    .setURI("/voice/telephony"))
            .await(10, SECONDS);
    socket.textMessageHandler(this::onText);
    socket.closeHandler(
        v -> {
          closeCode = socket.closeStatusCode() == null ? 1006 : socket.closeStatusCode();
          closeReason = socket.closeReason();
        });
    send(
        new JsonObject().put("event", "connected").put("protocol", "Call").put("version", "1.0.0"));
    return this;
  }

  /**
   * Sends start with {@code tenant} and {@code token}, then silence every 20 ms until told more.
   */
  ProviderStream start(String tenant, String token) {
    JsonObject params = new JsonObject();
    if (tenant != null) {
      params.put("tenant", tenant);
    }
    if (token != null) {
      params.put("token", token);
    }
    send(
        new JsonObject()
            .put("event", "start")
            .put("sequenceNumber", "1")
            .put("streamSid", streamSid)
            .put(
                "start",
                new JsonObject()
                    .put("streamSid", streamSid)
                    .put("callSid", "CA" + streamSid)
                    .put("tracks", List.of("inbound"))
                    .put(
                        "mediaFormat",
                        new JsonObject()
                            .put("encoding", "audio/x-mulaw")
                            .put("sampleRate", 8000)
                            .put("channels", 1))
                    .put("customParameters", params)));
    vertx.runOnContext(v -> timer = vertx.setPeriodic(20, id -> tick()));
    return this;
  }

  /** Stops sending media, as a line that has gone dead. */
  void pauseMedia() {
    vertx.runOnContext(v -> vertx.cancelTimer(timer));
  }

  /** Queues 8 kHz audio to be sent at real time after what is queued. */
  void speak(short[] pcm8k) {
    synchronized (queue) {
      for (int i = 0; i < pcm8k.length; i += FRAME) {
        short[] frame = new short[FRAME];
        System.arraycopy(pcm8k, i, frame, 0, Math.min(FRAME, pcm8k.length - i));
        queue.add(frame);
      }
    }
  }

  /** Whether everything queued has been sent. */
  boolean spoken() {
    synchronized (queue) {
      return queue.isEmpty();
    }
  }

  void send(JsonObject event) {
    vertx.runOnContext(
        v -> {
          if (!socket.isClosed()) {
            socket.writeTextMessage(event.encode());
          }
        });
  }

  void sendText(String text) {
    vertx.runOnContext(v -> socket.writeTextMessage(text));
  }

  void dtmf(char digit) {
    send(
        new JsonObject()
            .put("event", "dtmf")
            .put("streamSid", streamSid)
            .put(
                "dtmf",
                new JsonObject()
                    .put("track", "inbound_track")
                    .put("digit", String.valueOf(digit))));
  }

  void stop() {
    send(
        new JsonObject()
            .put("event", "stop")
            .put("streamSid", streamSid)
            .put("stop", new JsonObject()));
  }

  /** Events received, oldest first (media included). */
  List<JsonObject> received() {
    return received;
  }

  /** The reply audio received so far, 8 kHz frames. */
  List<short[]> replyFrames() {
    return replyFrames;
  }

  /** The reply frames after the first {@code from}, once at least {@code count} more came. */
  List<short[]> awaitReplyFrames(int from, int count, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (replyFrames.size() < from + count && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return replyFrames.subList(from, replyFrames.size());
  }

  /** Waits for an event matching {@code test}. */
  JsonObject await(Predicate<JsonObject> test, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (JsonObject event : received) {
        if (test.test(event)) {
          return event;
        }
      }
      Thread.onSpinWait();
      TimeUnit.MILLISECONDS.sleep(10);
    }
    throw new AssertionError("no such event within " + seconds + " s; got " + summary());
  }

  /** Waits for the server to close the stream; its close code. */
  int awaitClose(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (closeCode < 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    return closeCode;
  }

  String closeReason() {
    return closeReason;
  }

  boolean isClosed() {
    return closeCode >= 0;
  }

  private String summary() {
    List<String> events = new ArrayList<>();
    for (JsonObject event : received) {
      if (!"media".equals(event.getString("event"))) {
        events.add(event.encode());
      }
    }
    return replyFrames.size()
        + " media frames, "
        + events
        + (closeCode >= 0 ? ", closed " + closeCode : "");
  }

  private void tick() {
    if (socket.isClosed()) {
      vertx.cancelTimer(timer);
      return;
    }
    short[] frame;
    synchronized (queue) {
      frame = queue.isEmpty() ? new short[FRAME] : queue.remove(0);
    }
    byte[] ulaw = new byte[FRAME];
    MuLaw.encode(frame, 0, ulaw, 0, FRAME);
    chunk++;
    socket.writeTextMessage(
        new JsonObject()
            .put("event", "media")
            .put("sequenceNumber", Long.toString(chunk + 1))
            .put("streamSid", streamSid)
            .put(
                "media",
                new JsonObject()
                    .put("track", "inbound")
                    .put("chunk", Long.toString(chunk))
                    .put("timestamp", Long.toString(chunk * 20))
                    .put("payload", Base64.getEncoder().encodeToString(ulaw)))
            .encode());
  }

  private void onText(String text) {
    JsonObject event = new JsonObject(text);
    received.add(event);
    switch (event.getString("event", "")) {
      case "media" -> {
        byte[] ulaw = Base64.getDecoder().decode(event.getJsonObject("media").getString("payload"));
        short[] pcm = new short[ulaw.length];
        MuLaw.decode(ulaw, 0, pcm, 0, ulaw.length);
        replyFrames.add(pcm);
      }
      // A provider echoes a mark once it has played the audio before it; this one plays at once.
      case "mark" ->
          send(
              new JsonObject()
                  .put("event", "mark")
                  .put("streamSid", streamSid)
                  .put("mark", event.getJsonObject("mark")));
      default -> {}
    }
  }

  @Override
  public void close() throws Exception {
    if (socket != null && !socket.isClosed()) {
      socket.close().await(5, SECONDS);
    }
    client.close();
  }
}
