package io.switchboard.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code src/test/node/chat.test.mjs}: the centrifuge npm SDK, JSON encoding, over the `ws`
 * package, against a hub started here. Needs Node.js and npm on the PATH; the packages come from
 * the lock file.
 */
@DisplayName("Chat over /ws with the centrifuge npm SDK (JSON)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeSdkTest {

  private static final Path NODE_DIR = Path.of("src", "test", "node");
  private static final long NPM_MINUTES = 5;
  private static final long TEST_MINUTES = 3;

  @TempDir static Path dir;

  private ChatFixture hub;

  @BeforeAll
  void start() throws Exception {
    hub = ChatFixture.single(dir, Map.of());
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  @Test
  @DisplayName("publishes, receives, dedupes, keeps private notes private, and refuses strangers")
  void sdkScenario() throws Exception {
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules"))) {
      run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), NPM_MINUTES);
    }
    ChatFixture.Tenant t = hub.tenant();
    String output =
        run(
            List.of("node", "--test", "chat.test.mjs"),
            Map.of(
                "CHAT_URL", hub.wsUrl(0),
                "CHAT_CUSTOMER", t.customer(),
                "CHAT_AGENT", t.agent(),
                "CHAT_OTHER_CUSTOMER", t.otherCustomer(),
                "CHAT_CONVERSATION", t.conversation(),
                "CHAT_OTHER_CONVERSATION", t.otherConversation()),
            TEST_MINUTES);
    assertThat(output).contains("# pass 3").contains("# fail 0");
  }

  /** Runs {@code command} in the Node folder; its output, or an assertion error with it. */
  private static String run(List<String> command, Map<String, String> env, long minutes)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "node", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(NODE_DIR.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean finished = process.waitFor(minutes, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (!finished || process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }
}
