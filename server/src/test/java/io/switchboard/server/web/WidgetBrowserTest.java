package io.switchboard.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.chat.ChatFixture;
import io.switchboard.server.chat.NodeScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat widget as a visitor uses it, in Debian's Chromium headless ({@code widget.test.mjs} with
 * playwright-core), against a node started here; the screenshot goes to {@code target/screenshots}.
 */
@DisplayName("The chat widget in a real browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WidgetBrowserTest {

  private static final long TEST_MINUTES = 3;
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir static Path dir;

  private ChatFixture hub;

  @BeforeAll
  void start() throws Exception {
    NodeScripts.install(dir);
    Files.createDirectories(SCREENSHOTS);
    hub = ChatFixture.single(dir, Map.of());
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  @Test
  @DisplayName(
      "a visitor and an agent exchange messages and typing, a private note never shows, a reload"
          + " keeps the conversation")
  void visitorAndAgent() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String output =
        NodeScripts.run(
            List.of("node", "--test", "--test-force-exit", "widget.test.mjs"),
            Map.of(
                "WIDGET_HTTP", "http://127.0.0.1:" + hub.node(0).httpPort(),
                "CHAT_URL", hub.wsUrl(0),
                "WIDGET_TENANT", t.id(),
                "WIDGET_INBOX", t.inbox(),
                "CHAT_AGENT", t.agent(),
                "SCREENSHOT_DIR", SCREENSHOTS.toAbsolutePath().toString()),
            TEST_MINUTES,
            dir);
    assertThat(output).contains("# pass 1").contains("# fail 0");
    assertThat(SCREENSHOTS.resolve("widget.png")).isNotEmptyFile();
  }
}
