package io.switchboard.server.voice;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.chat.ChatFixture;
import io.switchboard.server.chat.NodeScripts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls in the browser pages ({@code voice.test.mjs}): the widget's call button and the console's
 * voice panel in Debian's Chromium, whose fake microphone plays a real human recording, against a
 * node running hub, crud and voice with an AI agent answering on its event bus; screenshots go to
 * {@code target/screenshots}.
 */
@DisplayName("Calls in a real browser: the widget's call button and the console's voice panel")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceBrowserTest {

  private static final long TEST_MINUTES = 5;
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** Silence before the speech in the fake microphone: the greeting is over by then. */
  private static final int LEADING_SILENCE_MS = 8_000;

  /** Silence after it, before the recording loops. */
  private static final int TRAILING_SILENCE_MS = 2_000;

  private static final int RATE = 16_000;

  @TempDir static Path dir;

  private VoiceFixture voice;

  @BeforeAll
  void start() throws Exception {
    NodeScripts.install(dir);
    Files.createDirectories(SCREENSHOTS);
    voice = VoiceFixture.start(dir, Map.of());
  }

  @AfterAll
  void stop() throws Exception {
    voice.close();
  }

  @Test
  @DisplayName(
      "a visitor calls from the widget and hears the greeting; what they say shows in the widget"
          + " and live in the console; the agent listens to both sides, takes over (the visitor"
          + " hears them) and hands back; hanging up ends the call with its transcript stored. A"
          + " call not live or of another tenant shows a clear error; without voice there is no"
          + " call button and no panel")
  void callsInTheBrowser() throws Exception {
    ChatFixture hub = voice.node;
    ChatFixture.Tenant a = hub.tenant();
    voice.voiceSettings(a.id(), new JsonObject().put("greeting", "Thanks for calling Acme."));
    voice.aiAnswering("Sure, I can help you with that.", false);

    ChatFixture.Tenant b = hub.tenant();
    String stale =
        hub.post(b.admin(), "/api/v1/calls", new JsonObject().put("direction", "inbound"))
            .getString("id");
    hub.patch(b.admin(), "/api/v1/calls/" + stale, new JsonObject().put("state", "in-progress"));

    ChatFixture.Tenant c = hub.tenant();
    hub.patch(
        c.admin(), "/api/v1/tenant", new JsonObject().put("modules", new JsonArray().add("chat")));

    Map<String, String> env = new HashMap<>();
    env.put("WIDGET_HTTP", "http://127.0.0.1:" + voice.port());
    env.put("FAKE_MIC_WAV", fakeMicrophone().toAbsolutePath().toString());
    env.put("SCREENSHOT_DIR", SCREENSHOTS.toAbsolutePath().toString());
    env.put("STALE_CALL_B", stale);
    Map<String, ChatFixture.Tenant> tenants = Map.of("A", a, "B", b, "C", c);
    tenants.forEach(
        (name, t) -> {
          env.put("TENANT_" + name, t.id());
          env.put("INBOX_" + name, t.inbox());
          env.put("AGENT_" + name, t.agent());
          env.put("ADMIN_" + name, t.admin());
        });
    String output =
        NodeScripts.run(
            List.of("node", "--test", "--test-force-exit", "voice.test.mjs"),
            env,
            TEST_MINUTES,
            dir);
    assertThat(output).contains("# pass 3").contains("# fail 0");
    assertThat(SCREENSHOTS.resolve("widget-call.png")).isNotEmptyFile();
    assertThat(SCREENSHOTS.resolve("console-voice.png")).isNotEmptyFile();
  }

  @Test
  @DisplayName(
      "the pages' call audio: the microphone's resampler keeps the speech band and removes what"
          + " would fold back; played frames line up seamlessly and a gap in them does not click")
  void callAudio() throws Exception {
    String output =
        NodeScripts.run(
            List.of("node", "--test", "--test-force-exit", "audio.test.mjs"),
            Map.of("WIDGET_HTTP", "http://127.0.0.1:" + voice.port()),
            TEST_MINUTES,
            dir);
    assertThat(output).contains("# pass 2").contains("# fail 0");
  }

  /**
   * A WAV for Chromium's fake microphone, made from a real human recording (pocketsphinx-testdata's
   * "go forward ten meters", 16 kHz 16-bit) with silence around it; Chromium loops it.
   */
  private static Path fakeMicrophone() throws Exception {
    byte[] speech = Files.readAllBytes(VoiceRoutingTest.HUMAN_RECORDING);
    int lead = LEADING_SILENCE_MS * RATE / 1000 * 2;
    int trail = TRAILING_SILENCE_MS * RATE / 1000 * 2;
    int data = lead + speech.length + trail;
    ByteBuffer wav = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(US_ASCII)).putInt(36 + data).put("WAVE".getBytes(US_ASCII));
    wav.put("fmt ".getBytes(US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1);
    wav.putInt(RATE).putInt(RATE * 2).putShort((short) 2).putShort((short) 16);
    wav.put("data".getBytes(US_ASCII)).putInt(data);
    wav.position(44 + lead);
    wav.put(speech);
    Path file = dir.resolve("caller.wav");
    Files.write(file, wav.array());
    return file;
  }
}
