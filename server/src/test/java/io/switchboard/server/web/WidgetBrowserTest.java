package io.switchboard.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.chat.ChatFixture;
import io.switchboard.server.chat.NodeScripts;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
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
    hub = ChatFixture.single(dir, Map.of(), List.of("hub", "crud", "ai"));
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

  @Test
  @DisplayName(
      "with a configured secret the console offers no development sign-in and mints no token")
  void noDevelopmentSignIn() throws Exception {
    WebClient web = WebClient.create(hub.clientVertx());
    try {
      int port = hub.node(0).httpPort();
      JsonObject settings =
          web.get(port, "127.0.0.1", "/console/settings").send().await().bodyAsJsonObject();
      assertThat(settings.getBoolean("dev_sign_in")).isFalse();
      int minted =
          web.post(port, "127.0.0.1", "/console/dev-token")
              .sendJsonObject(
                  new JsonObject().put("tenant", "acme").put("user", "eve").put("role", "admin"))
              .await()
              .statusCode();
      assertThat(minted).isEqualTo(404);
      assertThat(web.get(port, "127.0.0.1", "/console").send().await().statusCode()).isEqualTo(200);
    } finally {
      web.close();
    }
  }

  @Test
  @DisplayName(
      "in an inbox with the bot on, the AI agent answers the visitor from the knowledge base, once,"
          + " naming the article")
  void botAnswers() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    hub.post(
        t.admin(),
        "/api/v1/kb-articles",
        new JsonObject()
            .put("title", "Resetting your password")
            .put(
                "body",
                "Use the Forgot password link on the sign-in page. We email you a link that is"
                    + " valid for one hour; follow it and choose a new password.")
            .put("published", true));
    hub.patch(t.admin(), "/api/v1/inboxes/" + t.inbox(), new JsonObject().put("bot_enabled", true));
    String output =
        NodeScripts.run(
            List.of("node", "--test", "--test-force-exit", "widget-bot.test.mjs"),
            Map.of(
                "WIDGET_HTTP", "http://127.0.0.1:" + hub.node(0).httpPort(),
                "WIDGET_TENANT", t.id(),
                "WIDGET_INBOX", t.inbox(),
                "SCREENSHOT_DIR", SCREENSHOTS.toAbsolutePath().toString()),
            TEST_MINUTES,
            dir);
    assertThat(output).contains("# pass 1").contains("# fail 0");
    assertThat(SCREENSHOTS.resolve("widget-bot.png")).isNotEmptyFile();
  }
}
