package io.switchboard.server.voice;

import static io.switchboard.server.voice.VoiceFixture.rms;
import static io.switchboard.server.voice.VoiceFixture.service;
import static io.switchboard.server.voice.VoiceFixture.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName(
    "Calls routed by menu, interrupted by the caller, taken over by an agent, and made from a browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceRoutingTest {

  /**
   * A real human voice saying "go forward ten meters", 16 kHz 16-bit LE (pocketsphinx-testdata).
   */
  static final Path HUMAN_RECORDING = Path.of("/usr/share/pocketsphinx/test/data/goforward.raw");

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

  private String menuTenant() throws Exception {
    String tenant = voice.tenant();
    String sales = voice.inbox(tenant, "Sales");
    String billing = voice.inbox(tenant, "Billing");
    voice.voiceSettings(
        tenant,
        new JsonObject()
            .put("ai", false)
            .put(
                "menu",
                new JsonObject()
                    .put("prompt", "For sales press 1. For billing press 2.")
                    .put(
                        "options",
                        new JsonArray()
                            .add(option("1", "sales", sales, "Connecting you to sales."))
                            .add(option("2", "billing", billing, "Connecting you to billing.")))));
    return tenant;
  }

  private static JsonObject option(String digit, String say, String inbox, String reply) {
    return new JsonObject()
        .put("digit", digit)
        .put("say", say)
        .put("inbox_id", inbox)
        .put("reply", reply);
  }

  /** The two DTMF tones of {@code digit}, 8 kHz, for {@code ms}. */
  private static short[] tones(char digit, int ms) {
    String keys = "123A456B789C*0#D";
    int[] rows = {697, 770, 852, 941};
    int[] cols = {1209, 1336, 1477, 1633};
    int index = keys.indexOf(digit);
    short[] pcm = new short[8 * ms];
    for (int i = 0; i < pcm.length; i++) {
      double t = i / 8000.0;
      pcm[i] =
          (short)
              (6000 * Math.sin(2 * Math.PI * rows[index / 4] * t)
                  + 6000 * Math.sin(2 * Math.PI * cols[index % 4] * t));
    }
    return pcm;
  }

  @Test
  @DisplayName(
      "The menu routes by the provider's dtmf event, by tones in the audio and by the spoken word")
  void menu() throws Exception {
    String tenant = menuTenant();
    try (ProviderStream call = new ProviderStream(voice.client()).connect(voice.port())) {
      call.start(tenant, service(tenant));
      call.await(e -> "mark".equals(e.getString("event")), 30);
      call.dtmf('2');
      awaitTranscript(tenant, "Connecting you to billing.");
      call.stop();
      call.awaitClose(10);
    }
    assertThat(texts(voice.endedCall(tenant))).contains("Connecting you to billing.");

    String inBand = menuTenant();
    try (ProviderStream call = new ProviderStream(voice.client()).connect(voice.port())) {
      call.start(inBand, service(inBand));
      call.await(e -> "mark".equals(e.getString("event")), 30);
      call.speak(tones('1', 120));
      awaitTranscript(inBand, "Connecting you to sales.");
      call.stop();
      call.awaitClose(10);
    }

    String spoken = menuTenant();
    try (ProviderStream call = new ProviderStream(voice.client()).connect(voice.port())) {
      call.start(spoken, service(spoken));
      call.await(e -> "mark".equals(e.getString("event")), 30);
      call.speak(voice.telephony("Billing."));
      awaitTranscript(spoken, "Connecting you to billing.");
      call.stop();
      call.awaitClose(10);
    }
  }

  /** Waits until the live call's transcript, as a monitor sees it, has {@code text}. */
  private void awaitTranscript(String tenant, String text) throws Exception {
    String callId = voice.liveCall(tenant);
    try (MonitorClient monitor = new MonitorClient(voice.client())) {
      monitor.open(
          voice.port(),
          "/voice/monitor/" + callId,
          TestTokens.mint(tenant, "sup-1", Role.SUPERVISOR));
      monitor.await(
          e ->
              ("attached".equals(e.getString("type"))
                      && e.getJsonArray("transcript").encode().contains(text))
                  || ("transcript".equals(e.getString("type"))
                      && text.equals(e.getJsonObject("segment").getString("text"))),
          30);
    }
  }

  @Test
  @DisplayName(
      "Speaking over the bot stops its reply within a frame, and the transcript keeps only what the caller heard")
  void bargeIn() throws Exception {
    String tenant = voice.tenant();
    List<JsonObject> turns =
        voice.aiAnswering(
            "Let me tell you about all our plans. The basic plan costs ten dollars a month. The family plan"
                + " costs twenty dollars a month and covers five people. The business plan costs fifty"
                + " dollars a month. Every plan comes with free support. You can change plans at any time.",
            false);
    try (ProviderStream call = new ProviderStream(voice.client()).connect(voice.port())) {
      call.start(tenant, service(tenant));
      call.speak(voice.telephony("What plans do you have?"));
      call.await(e -> "media".equals(e.getString("event")), 30);
      call.await(e -> "mark".equals(e.getString("event")), 30);
      call.speak(voice.telephony("Stop, I want the family plan."));
      call.await(e -> "clear".equals(e.getString("event")), 20);
      int afterClear = call.replyFrames().size();
      assertThat(turns).hasSizeGreaterThanOrEqualTo(1);
      call.await(e -> false || turns.size() >= 2, 30);
      call.stop();
      call.awaitClose(10);
      assertThat(afterClear).isPositive();
    }
    List<String> said = texts(voice.endedCall(tenant));
    assertThat(said).anyMatch(text -> text.endsWith(" —"));
    assertThat(said).doesNotContain("You can change plans at any time.");
  }

  @Test
  @DisplayName(
      "An agent listens to both sides, takes over (the bot goes silent, their voice reaches the caller) and hands back; an agent who leaves with the call gives it back")
  void takeOver() throws Exception {
    String tenant = voice.tenant();
    List<JsonObject> turns = voice.aiAnswering("Happy to help.", false);
    try (ProviderStream call = new ProviderStream(voice.client()).connect(voice.port());
        MonitorClient agent = new MonitorClient(voice.client());
        MonitorClient stranger = new MonitorClient(voice.client());
        MonitorClient customer = new MonitorClient(voice.client())) {
      call.start(tenant, service(tenant));
      String callId = voice.liveCall(tenant);
      agent.open(
          voice.port(), "/voice/monitor/" + callId, TestTokens.mint(tenant, "agent-1", Role.AGENT));
      agent.await(e -> "attached".equals(e.getString("type")), 10);
      stranger.open(
          voice.port(),
          "/voice/monitor/" + callId,
          TestTokens.mint("other-tenant", "agent-1", Role.AGENT));
      assertThat(stranger.awaitClose(10)).isEqualTo(4004);
      customer.open(
          voice.port(), "/voice/monitor/" + callId, TestTokens.mint(tenant, "c-1", Role.CUSTOMER));
      assertThat(customer.awaitClose(10)).isEqualTo(4003);

      call.speak(voice.telephony("I need help with my account."));
      agent.await(
          e ->
              "transcript".equals(e.getString("type"))
                  && "bot".equals(e.getJsonObject("segment").getString("speaker")),
          30);
      assertThat(agent.audio()).anyMatch(frame -> frame.getByte(0) == 0 && frame.length() == 641);
      assertThat(agent.audio()).anyMatch(frame -> frame.getByte(0) == 1 && frame.length() == 641);

      agent.send(new JsonObject().put("type", "takeover"));
      agent.await(e -> "takeover".equals(e.getString("type")) && e.getBoolean("ok", false), 10);
      int before = call.replyFrames().size();
      agent.speakTone(25);
      List<short[]> agentAudio = call.awaitReplyFrames(before, 20, 10);
      assertThat(agentAudio.size()).isGreaterThanOrEqualTo(20);
      assertThat(rms(agentAudio)).isGreaterThan(2000);
      int asked = turns.size();
      call.speak(voice.telephony("Thank you very much."));
      agent.await(
          e ->
              "transcript".equals(e.getString("type"))
                  && "contact".equals(e.getJsonObject("segment").getString("speaker"))
                  && e.getJsonObject("segment").getString("text").contains("thank"),
          30);
      assertThat(turns).hasSize(asked);

      agent.send(new JsonObject().put("type", "handback"));
      agent.await(
          e ->
              "handback".equals(e.getString("type"))
                  && e.getBoolean("ok", false)
                  && "bot".equals(e.getString("mode")),
          10);

      // An agent who has the call and goes away without handing it back gives it back.
      try (MonitorClient supervisor = new MonitorClient(voice.client())) {
        supervisor.open(
            voice.port(),
            "/voice/monitor/" + callId,
            TestTokens.mint(tenant, "sup-1", Role.SUPERVISOR));
        supervisor.await(e -> "attached".equals(e.getString("type")), 10);
        agent.send(new JsonObject().put("type", "takeover"));
        supervisor.await(
            e -> "takeover".equals(e.getString("type")) && "agent-1".equals(e.getString("user")),
            10);
        agent.close();
        supervisor.await(
            e ->
                "handback".equals(e.getString("type"))
                    && "agent-1".equals(e.getString("user"))
                    && "bot".equals(e.getString("mode")),
            10);
        call.stop();
        assertThat(supervisor.awaitClose(10)).isEqualTo(1000);
      }
    }
  }

  @Test
  @DisplayName(
      "A browser call: a real human voice at 16 kHz reaches the AI agent, the reply comes back as 640-byte frames, bad frames get error frames")
  void browser() throws Exception {
    String tenant = voice.tenant();
    List<JsonObject> turns = voice.aiAnswering("Going forward ten meters.", false);
    byte[] recording = Files.readAllBytes(HUMAN_RECORDING);
    try (MonitorClient browser = new MonitorClient(voice.client())) {
      browser.open(
          voice.port(), "/voice/browser", TestTokens.mint(tenant, "customer-1", Role.CUSTOMER));
      browser.await(e -> "started".equals(e.getString("type")), 10);
      browser.sendBinary(Buffer.buffer(new byte[100]));
      browser.await(
          e -> "error".equals(e.getString("type")) && "bad-size".equals(e.getString("code")), 10);
      browser.send(new JsonObject().put("type", "nonsense"));
      browser.await(
          e -> "error".equals(e.getString("type")) && "unknown-type".equals(e.getString("code")),
          10);
      for (int at = 0; at + 640 <= recording.length; at += 640) {
        browser.sendBinary(Buffer.buffer(java.util.Arrays.copyOfRange(recording, at, at + 640)));
        TimeUnit.MILLISECONDS.sleep(20);
      }
      byte[] silence = new byte[640];
      for (int i = 0; i < 100 && turns.isEmpty(); i++) {
        browser.sendBinary(Buffer.buffer(silence));
        TimeUnit.MILLISECONDS.sleep(20);
      }
      browser.await(e -> "mark".equals(e.getString("type")), 30);
      assertThat(turns.get(0).getString("text")).isEqualTo("go forward ten meters");
      assertThat(browser.audio()).allMatch(frame -> frame.length() == 640);
      short[] samples = littleEndian(browser.audio().get(browser.audio().size() / 2).getBytes());
      assertThat(samples).hasSize(320);
      browser.send(new JsonObject().put("type", "stop"));
      assertThat(browser.awaitClose(10)).isEqualTo(1000);
    }
    assertThat(texts(voice.endedCall(tenant)))
        .contains("go forward ten meters", "Going forward ten meters.");
  }

  static short[] littleEndian(byte[] bytes) {
    short[] out = new short[bytes.length / 2];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
    return out;
  }
}
