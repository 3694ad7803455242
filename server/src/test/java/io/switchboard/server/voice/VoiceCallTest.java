package io.switchboard.server.voice;

import static io.switchboard.server.voice.VoiceFixture.rms;
import static io.switchboard.server.voice.VoiceFixture.service;
import static io.switchboard.server.voice.VoiceFixture.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.voice.codec.RationalResampler;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

@DisplayName(
    "A phone call through a telephony media stream, end to end: speech in, AI or human, speech out")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceCallTest {

  @TempDir static Path dir;

  private VoiceFixture voice;

  @BeforeAll
  void start() throws Exception {
    voice = VoiceFixture.start(dir, Map.of());
  }

  @AfterEach
  void removeAgents() throws Exception {
    voice.removeAgents();
  }

  @AfterAll
  void stop() throws Exception {
    voice.close();
  }

  @Test
  @DisplayName(
      "The caller's sentence reaches the AI agent as text, its reply comes back as paced audio, and the call, transcript and two-track recording are stored")
  void aiAnsweredCall() throws Exception {
    String tenant = voice.tenant();
    List<JsonObject> turns =
        voice.aiAnswering("Your order shipped yesterday. It arrives on Friday.", false);
    try (ProviderStream call = new ProviderStream(voice.client()).connect(voice.port())) {
      call.start(tenant, service(tenant));
      call.speak(voice.telephony("I need help with my account."));
      JsonObject firstMedia = call.await(e -> "media".equals(e.getString("event")), 30);
      long firstAt = System.nanoTime();
      assertThat(turns).hasSize(1);
      String heard = turns.get(0).getString("text");
      assertThat(heard).contains("account");
      assertThat(firstMedia.getString("streamSid")).startsWith("MZ");
      call.await(e -> "mark".equals(e.getString("event")), 20);
      // Both sentences played: two marks.
      call.await(
          e ->
              "mark".equals(e.getString("event"))
                  && e.getJsonObject("mark").getString("name").endsWith(":1"),
          20);
      long tookMs = (System.nanoTime() - firstAt) / 1_000_000;
      int frames = call.replyFrames().size();
      // Paced at real time, never a burst: n frames take at least about n x 20 ms.
      assertThat(tookMs).isGreaterThanOrEqualTo((frames - 5) * 20L * 8 / 10);
      assertThat(rms(call.replyFrames())).isGreaterThan(300);
      call.stop();
      assertThat(call.awaitClose(10)).isEqualTo(1000);
    }
    JsonObject stored = voice.endedCall(tenant);
    JsonObject first = stored.getJsonArray("transcript").getJsonObject(0);
    assertThat(first.getString("speaker")).isEqualTo("contact");
    assertThat(first.getString("text")).contains("account");
    assertThat(texts(stored)).contains("Your order shipped yesterday.", "It arrives on Friday.");
    String ref = stored.getString("recording_ref");
    assertThat(ref).startsWith(tenant + "/").endsWith(stored.getString("id") + ".wav");
    File wav = voice.recordings.resolve(ref).toFile();
    try (AudioInputStream in = AudioSystem.getAudioInputStream(wav)) {
      AudioFormat format = in.getFormat();
      assertThat(format.getChannels()).isEqualTo(2);
      assertThat(format.getSampleRate()).isEqualTo(8000f);
      assertThat(in.getFrameLength()).isGreaterThan(8000L * 3);
    }
  }

  @Test
  @DisplayName("A real human voice over the phone line (8 kHz mu-law) is transcribed and answered")
  void humanVoiceOverThePhone() throws Exception {
    String tenant = voice.tenant();
    List<JsonObject> turns = voice.aiAnswering("Moving forward now.", false);
    byte[] raw = Files.readAllBytes(VoiceRoutingTest.HUMAN_RECORDING);
    short[] wide = VoiceRoutingTest.littleEndian(raw);
    try (ProviderStream call = new ProviderStream(voice.client()).connect(voice.port())) {
      call.start(tenant, service(tenant));
      call.speak(RationalResampler.resample(wide, 16_000, 8_000));
      call.await(e -> "mark".equals(e.getString("event")), 30);
      assertThat(turns.get(0).getString("text")).isEqualTo("go forward ten meters");
      call.stop();
      assertThat(call.awaitClose(10)).isEqualTo(1000);
    }
    assertThat(texts(voice.endedCall(tenant)))
        .containsExactly("go forward ten meters", "Moving forward now.");
  }

  @Test
  @DisplayName(
      "When the AI agent asks for a human, the caller hears its words, then the hold prompt")
  void aiHandsOver() throws Exception {
    String tenant = voice.tenant();
    List<JsonObject> turns = voice.aiAnswering("Let me find a colleague for you.", true);
    try (ProviderStream call = new ProviderStream(voice.client()).connect(voice.port())) {
      call.start(tenant, service(tenant));
      call.speak(voice.telephony("I need help with my account."));
      call.await(
          e ->
              "mark".equals(e.getString("event"))
                  && e.getJsonObject("mark").getString("name").endsWith(":0")
                  && call.received().stream()
                          .filter(m -> "mark".equals(m.getString("event")))
                          .count()
                      >= 2,
          30);
      assertThat(turns).hasSize(1);
      call.stop();
      call.awaitClose(10);
    }
    assertThat(texts(voice.endedCall(tenant)))
        .containsSubsequence(
            "Let me find a colleague for you.", "Please hold while I connect you to an agent.");
  }

  @Test
  @DisplayName(
      "With no AI agent in the cluster the caller is asked to hold and the call waits for a human")
  void noAiGoesToHuman() throws Exception {
    String tenant = voice.tenant();
    try (ProviderStream call = new ProviderStream(voice.client()).connect(voice.port())) {
      call.start(tenant, service(tenant));
      call.speak(voice.telephony("Hello, I need help with my bill."));
      call.await(e -> "mark".equals(e.getString("event")), 30);
      assertThat(rms(call.replyFrames())).isGreaterThan(300);
      call.stop();
      call.awaitClose(10);
    }
    assertThat(texts(voice.endedCall(tenant)))
        .contains("Please hold while I connect you to an agent.");
  }

  @Test
  @DisplayName(
      "A token of another tenant, a customer's token or none is refused with its close code; a stream that never starts times out")
  void refusedStreams() throws Exception {
    String tenant = voice.tenant();
    int port = voice.port();
    try (ProviderStream call = new ProviderStream(voice.client()).connect(port)) {
      call.start(tenant, service("someone-else"));
      assertThat(call.awaitClose(10)).isEqualTo(4003);
    }
    try (ProviderStream call = new ProviderStream(voice.client()).connect(port)) {
      call.start(tenant, TestTokens.mint(tenant, "c-1", Role.CUSTOMER));
      assertThat(call.awaitClose(10)).isEqualTo(4003);
    }
    try (ProviderStream call = new ProviderStream(voice.client()).connect(port)) {
      call.start(tenant, null);
      assertThat(call.awaitClose(10)).isEqualTo(4001);
    }
    try (ProviderStream call = new ProviderStream(voice.client()).connect(port)) {
      call.start(tenant, "not.a.token");
      assertThat(call.awaitClose(10)).isEqualTo(4001);
    }
  }

  @Test
  @DisplayName(
      "Bad frames are dropped and counted while the call goes on; a frame over the limit closes with 1009 and another call is not disturbed")
  void badFrames() throws Exception {
    String tenant = voice.tenant();
    List<JsonObject> turns = voice.aiAnswering("Sure.", false);
    int port = voice.port();
    try (ProviderStream good = new ProviderStream(voice.client()).connect(port);
        ProviderStream bad = new ProviderStream(voice.client()).connect(port)) {
      bad.sendText("{\"event\":\"media\",\"media\":{\"chunk\":\"1\",\"payload\":\"AAAA\"}}");
      good.start(tenant, service(tenant));
      bad.start(tenant, service(tenant));
      bad.sendText("not json");
      bad.sendText("{\"event\":\"bogus\"}");
      bad.sendText("{\"event\":\"media\",\"media\":{\"chunk\":\"2\",\"payload\":\"@@@@\"}}");
      bad.sendText("{\"event\":\"media\",\"media\":{\"chunk\":\"x\",\"payload\":\"AAAA\"}}");
      bad.sendText("{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"12\"}}");
      good.speak(voice.telephony("I need help with my account."));
      good.await(e -> "mark".equals(e.getString("event")), 30);
      assertThat(bad.isClosed()).isFalse();
      bad.sendText("{\"event\":\"media\",\"x\":\"" + "a".repeat(20_000) + "\"}");
      assertThat(bad.awaitClose(10)).isEqualTo(1009);
      assertThat(good.isClosed()).isFalse();
      assertThat(turns).isNotEmpty();
    }
    String metrics = voice.node.metrics(0);
    assertThat(metrics)
        .contains("reason=\"bad-base64\"")
        .contains("reason=\"bad-frame\"")
        .contains("reason=\"media-before-start\"");
  }
}
