package io.switchboard.server.voice;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.bus.AiAddresses;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.server.chat.ChatFixture;
import io.switchboard.voice.codec.RationalResampler;
import io.switchboard.voice.tts.FreeTtsSpeech;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A phone call through a telephony media stream, end to end: speech in, AI or human, speech out")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceCallTest {

  @TempDir static Path dir;

  private ChatFixture node;
  private FreeTtsSpeech voice;
  private Path recordings;
  private final List<MessageConsumer<?>> consumers = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start() throws Exception {
    recordings = dir.resolve("recordings");
    node =
        ChatFixture.single(
            dir,
            Map.of("switchboard.voice.recording-dir", recordings.toString()),
            List.of("hub", "crud", "voice"));
    voice = FreeTtsSpeech.start(node.clientVertx(), 1).await(60, SECONDS);
  }

  @AfterEach
  void unregister() {
    consumers.forEach(consumer -> consumer.unregister().await(5, SECONDS));
    consumers.clear();
  }

  @AfterAll
  void stop() throws Exception {
    voice.close();
    node.close();
  }

  private String tenant() throws Exception {
    String tenant = "voice-" + UUID.randomUUID().toString().substring(0, 8);
    // The first admin request makes the tenant.
    node.get(TestTokens.mint(tenant, "admin-1", Role.ADMIN), "/api/v1/tenant");
    return tenant;
  }

  private static String service(String tenant) {
    return TestTokens.mint(tenant, "phone-line", Role.SERVICE);
  }

  /** 8 kHz telephony audio of {@code text}, spoken by the embedded voice. */
  private short[] telephony(String text) throws Exception {
    short[] wide = voice.synthesize("test", text).await(30, SECONDS).pcm();
    return RationalResampler.resample(wide, 16_000, 8_000);
  }

  /** An AI agent on the node's event bus that answers every turn with {@code reply}. */
  private List<JsonObject> aiAnswering(String reply, boolean handoff) {
    List<JsonObject> turns = new CopyOnWriteArrayList<>();
    var bus = node.node(0).vertx().eventBus();
    MessageConsumer<JsonObject> consumer =
        bus.consumer(
            AiAddresses.VOICE_TURN,
            message -> {
              JsonObject turn = message.body();
              turns.add(turn);
              message.reply(new JsonObject().put("accepted", true));
              String to = turn.getString("reply_to");
              // Streamed in pieces, as a model writes.
              for (String piece : reply.split("(?<= )")) {
                bus.send(to, new JsonObject().put("turn_id", turn.getString("turn_id")).put("delta", piece));
              }
              bus.send(
                  to,
                  new JsonObject().put("turn_id", turn.getString("turn_id")).put("done", true).put("handoff", handoff));
            });
    consumer.completion().await(5, SECONDS);
    consumers.add(consumer);
    return turns;
  }

  private JsonObject endedCall(String tenant) throws Exception {
    String admin = TestTokens.mint(tenant, "admin-1", Role.ADMIN);
    long deadline = System.nanoTime() + SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      JsonArray items = node.get(admin, "/api/v1/calls?state=ended").getJsonArray("items");
      if (!items.isEmpty()) {
        return items.getJsonObject(0);
      }
      java.util.concurrent.TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("no ended call for " + tenant);
  }

  private static double rms(List<short[]> frames) {
    double sum = 0;
    long n = 0;
    for (short[] frame : frames) {
      for (short s : frame) {
        sum += (double) s * s;
        n++;
      }
    }
    return n == 0 ? 0 : Math.sqrt(sum / n);
  }

  @Test
  @DisplayName("The caller's sentence reaches the AI agent as text, its reply comes back as paced audio, and the call, transcript and two-track recording are stored")
  void aiAnsweredCall() throws Exception {
    String tenant = tenant();
    List<JsonObject> turns = aiAnswering("Your order shipped yesterday. It arrives on Friday.", false);
    try (ProviderStream call = new ProviderStream(node.clientVertx()).connect(node.node(0).httpPort())) {
      call.start(tenant, service(tenant));
      call.speak(telephony("I would like to check the status of my order."));
      JsonObject firstMedia = call.await(e -> "media".equals(e.getString("event")), 30);
      long firstAt = System.nanoTime();
      assertThat(turns).hasSize(1);
      String heard = turns.get(0).getString("text");
      assertThat(heard).contains("order");
      assertThat(firstMedia.getString("streamSid")).startsWith("MZ");
      call.await(e -> "mark".equals(e.getString("event")), 20);
      // Both sentences played: two marks.
      call.await(e -> "mark".equals(e.getString("event")) && e.getJsonObject("mark").getString("name").endsWith(":1"), 20);
      long tookMs = (System.nanoTime() - firstAt) / 1_000_000;
      int frames = call.replyFrames().size();
      // Paced at real time, never a burst: n frames take at least about n x 20 ms.
      assertThat(tookMs).isGreaterThanOrEqualTo((frames - 5) * 20L * 8 / 10);
      assertThat(rms(call.replyFrames())).isGreaterThan(300);
      call.stop();
      assertThat(call.awaitClose(10)).isEqualTo(1000);
    }
    JsonObject stored = endedCall(tenant);
    JsonArray transcript = stored.getJsonArray("transcript");
    assertThat(transcript.getJsonObject(0).getString("speaker")).isEqualTo("contact");
    assertThat(transcript.getJsonObject(0).getString("text")).contains("order");
    assertThat(transcript.stream().map(s -> ((JsonObject) s).getString("text")))
        .contains("Your order shipped yesterday.", "It arrives on Friday.");
    String ref = stored.getString("recording_ref");
    assertThat(ref).startsWith(tenant + "/").endsWith(stored.getString("id") + ".wav");
    File wav = recordings.resolve(ref).toFile();
    try (AudioInputStream in = AudioSystem.getAudioInputStream(wav)) {
      AudioFormat format = in.getFormat();
      assertThat(format.getChannels()).isEqualTo(2);
      assertThat(format.getSampleRate()).isEqualTo(8000f);
      assertThat(in.getFrameLength()).isGreaterThan(8000L * 3);
    }
  }

  @Test
  @DisplayName("With no AI agent in the cluster the caller is asked to hold and the call waits for a human")
  void noAiGoesToHuman() throws Exception {
    String tenant = tenant();
    try (ProviderStream call = new ProviderStream(node.clientVertx()).connect(node.node(0).httpPort())) {
      call.start(tenant, service(tenant));
      call.speak(telephony("Hello, I need help with my bill."));
      call.await(e -> "mark".equals(e.getString("event")), 30);
      assertThat(rms(call.replyFrames())).isGreaterThan(300);
      call.stop();
      call.awaitClose(10);
    }
    JsonArray transcript = endedCall(tenant).getJsonArray("transcript");
    assertThat(transcript.stream().map(s -> ((JsonObject) s).getString("text")))
        .contains("Please hold while I connect you to an agent.");
  }

  @Test
  @DisplayName("A token of another tenant, a customer's token or none is refused with its close code; a stream that never starts times out")
  void refusedStreams() throws Exception {
    String tenant = tenant();
    int port = node.node(0).httpPort();
    try (ProviderStream call = new ProviderStream(node.clientVertx()).connect(port)) {
      call.start(tenant, service("someone-else"));
      assertThat(call.awaitClose(10)).isEqualTo(4003);
    }
    try (ProviderStream call = new ProviderStream(node.clientVertx()).connect(port)) {
      call.start(tenant, TestTokens.mint(tenant, "c-1", Role.CUSTOMER));
      assertThat(call.awaitClose(10)).isEqualTo(4003);
    }
    try (ProviderStream call = new ProviderStream(node.clientVertx()).connect(port)) {
      call.start(tenant, null);
      assertThat(call.awaitClose(10)).isEqualTo(4001);
    }
    try (ProviderStream call = new ProviderStream(node.clientVertx()).connect(port)) {
      call.start(tenant, "not.a.token");
      assertThat(call.awaitClose(10)).isEqualTo(4001);
    }
  }

  @Test
  @DisplayName("Bad frames are dropped and counted while the call goes on; a frame over the limit closes with 1009 and another call is not disturbed")
  void badFrames() throws Exception {
    String tenant = tenant();
    List<JsonObject> turns = aiAnswering("Sure.", false);
    int port = node.node(0).httpPort();
    try (ProviderStream good = new ProviderStream(node.clientVertx()).connect(port);
        ProviderStream bad = new ProviderStream(node.clientVertx()).connect(port)) {
      bad.sendText("{\"event\":\"media\",\"media\":{\"chunk\":\"1\",\"payload\":\"AAAA\"}}");
      good.start(tenant, service(tenant));
      bad.start(tenant, service(tenant));
      bad.sendText("not json");
      bad.sendText("{\"event\":\"bogus\"}");
      bad.sendText("{\"event\":\"media\",\"media\":{\"chunk\":\"2\",\"payload\":\"@@@@\"}}");
      bad.sendText("{\"event\":\"media\",\"media\":{\"chunk\":\"x\",\"payload\":\"AAAA\"}}");
      bad.sendText("{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"12\"}}");
      good.speak(telephony("I would like to check the status of my order."));
      good.await(e -> "mark".equals(e.getString("event")), 30);
      assertThat(bad.isClosed()).isFalse();
      bad.sendText("{\"event\":\"media\",\"x\":\"" + "a".repeat(20_000) + "\"}");
      assertThat(bad.awaitClose(10)).isEqualTo(1009);
      assertThat(good.isClosed()).isFalse();
      assertThat(turns).isNotEmpty();
    }
    String metrics = node.metrics(0);
    assertThat(metrics)
        .contains("reason=\"bad-base64\"")
        .contains("reason=\"bad-frame\"")
        .contains("reason=\"media-before-start\"");
  }
}
