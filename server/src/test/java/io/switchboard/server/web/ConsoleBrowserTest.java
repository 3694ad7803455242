package io.switchboard.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.testing.TestTokens;
import io.switchboard.server.chat.ChatFixture;
import io.switchboard.server.chat.NodeScripts;
import io.switchboard.server.token.DevTokenSecret;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
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
 * The agent console with the chat widget on the other end, in Debian's Chromium headless ({@code
 * console.test.mjs}), against a node that signs with a development secret of its data folder, as
 * the README's start command does; screenshots go to {@code target/screenshots}.
 */
@DisplayName("The agent console in a real browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

  private static final long TEST_MINUTES = 4;
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir static Path dir;

  private ChatFixture hub;

  @BeforeAll
  void start() throws Exception {
    NodeScripts.install(dir);
    Files.createDirectories(SCREENSHOTS);
    // The secret the node signs with is the one "generated" in its data folder: development mode.
    Path data = dir.resolve("node");
    Files.createDirectories(data);
    Files.writeString(data.resolve(DevTokenSecret.FILE_NAME), TestTokens.SECRET + "\n");
    hub = ChatFixture.single(dir, Map.of(), List.of("hub", "crud", "ai"));
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  @Test
  @DisplayName(
      "agent and visitor talk both ways with typing, notes stay private, a REST assignment shows"
          + " live, a forced disconnect loses and doubles nothing; AI suggestions, canned responses,"
          + " labels and tickets work; the list shows previews, unread counts and waits; the"
          + " dashboard and the team's availability follow live; development sign-in works")
  void agentAndVisitor() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String output =
        NodeScripts.run(
            List.of("node", "--test", "--test-force-exit", "console.test.mjs"),
            Map.of(
                "WIDGET_HTTP", "http://127.0.0.1:" + hub.node(0).httpPort(),
                "WIDGET_TENANT", t.id(),
                "WIDGET_INBOX", t.inbox(),
                "CHAT_AGENT", t.agent(),
                "CHAT_ADMIN", t.admin(),
                "CHAT_CONVERSATION", t.conversation(),
                "DEV_SIGN_IN", "1",
                "SCREENSHOT_DIR", SCREENSHOTS.toAbsolutePath().toString()),
            TEST_MINUTES,
            dir);
    assertThat(output).contains("# pass 4").contains("# fail 0");
    assertThat(SCREENSHOTS.resolve("console.png")).isNotEmptyFile();
    assertThat(SCREENSHOTS.resolve("dashboard.png")).isNotEmptyFile();
  }

  @Test
  @DisplayName(
      "development sign-in mints a token the API accepts and refuses wrong input with"
          + " problem+json")
  void developmentSignIn() throws Exception {
    WebClient web = WebClient.create(hub.clientVertx());
    try {
      int port = hub.node(0).httpPort();
      assertThat(
              web.get(port, "127.0.0.1", "/console/settings")
                  .send()
                  .await()
                  .bodyAsJsonObject()
                  .getBoolean("dev_sign_in"))
          .isTrue();
      JsonObject good =
          new JsonObject().put("tenant", "acme").put("user", "eve").put("role", "agent");
      String token =
          web.post(port, "127.0.0.1", "/console/dev-token")
              .sendJsonObject(good)
              .await()
              .bodyAsJsonObject()
              .getString("token");
      JsonObject me =
          web.get(port, "127.0.0.1", "/api/v1/me")
              .bearerTokenAuthentication(token)
              .send()
              .await()
              .bodyAsJsonObject();
      assertThat(me.getString("tenant")).isEqualTo("acme");
      assertThat(me.getString("user")).isEqualTo("eve");
      for (JsonObject wrong :
          List.of(
              good.copy().put("role", "customer"),
              good.copy().put("role", "service"),
              good.copy().put("role", 7),
              good.copy().put("tenant", "Not A Slug"),
              good.copy().put("user", " "),
              good.copy().put("user", 12))) {
        HttpResponse<Buffer> refused =
            web.post(port, "127.0.0.1", "/console/dev-token").sendJsonObject(wrong).await();
        assertThat(refused.statusCode()).as(wrong.encode()).isEqualTo(400);
        assertThat(refused.getHeader("Content-Type")).contains("application/problem+json");
      }
      assertThat(
              web.post(port, "127.0.0.1", "/console/dev-token")
                  .sendBuffer(Buffer.buffer("not json"))
                  .await()
                  .statusCode())
          .isEqualTo(400);
    } finally {
      web.close();
    }
  }
}
