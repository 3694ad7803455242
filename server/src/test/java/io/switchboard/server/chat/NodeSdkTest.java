package io.switchboard.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the scenarios in {@code src/test/node} with the centrifuge npm SDK, in its JSON and its
 * Protobuf encoding, over the `ws` package, against a hub started here. Needs Node.js and npm on
 * the PATH; the packages come from the lock file.
 */
@DisplayName("Chat over /ws with the centrifuge npm SDK (JSON and Protobuf)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeSdkTest {

  private static final long TEST_MINUTES = 3;

  /** What reconnect.test.mjs prints when it wants the hub stopped and started again. */
  private static final String RESTART_ASKED = "@@ restart-node";

  @TempDir static Path dir;

  private ChatFixture hub;

  @BeforeAll
  void start() throws Exception {
    NodeScripts.install(dir);
    hub = ChatFixture.single(dir, Map.of());
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"json", "protobuf"})
  @DisplayName(
      "publishes, receives, dedupes, keeps private notes private, refuses strangers, and takes a"
          + " subscribe sent before connect")
  void sdkScenario(String encoding) throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String output =
        NodeScripts.run(
            List.of("node", "--test", "chat.test.mjs"),
            Map.of(
                "CHAT_ENCODING", encoding,
                "CHAT_URL", hub.wsUrl(0),
                "CHAT_CUSTOMER", t.customer(),
                "CHAT_AGENT", t.agent(),
                "CHAT_OTHER_CUSTOMER", t.otherCustomer(),
                "CHAT_CONVERSATION", t.conversation(),
                "CHAT_OTHER_CONVERSATION", t.otherConversation()),
            TEST_MINUTES,
            dir);
    assertThat(output).contains("# pass 4").contains("# fail 0");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"json", "protobuf"})
  @DisplayName(
      "a subscribed client comes back by itself after 3011, after its node restarts (3001) and"
          + " after a dropped socket, and recovers each missed message once")
  void reconnectScenarios(String encoding) throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String output =
        runRestarting(
            List.of("node", "reconnect.test.mjs"),
            Map.of(
                "CHAT_ENCODING", encoding,
                "CHAT_URL", hub.wsUrl(0),
                "CHAT_HTTP", "http://127.0.0.1:" + hub.node(0).httpPort(),
                "CHAT_ADMIN", t.admin(),
                "CHAT_CUSTOMER", t.customer(),
                "CHAT_CUSTOMER_USER", "customer-1",
                "CHAT_CONVERSATION", t.conversation()));
    assertThat(output).contains("# pass 3").contains("# fail 0");
  }

  /**
   * Runs {@code command} in the Node folder, restarting the hub each time it prints {@link
   * #RESTART_ASKED} and answering {@code restarted}; its output, or an assertion error with it.
   */
  private String runRestarting(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(NodeScripts.DIR.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    // Reading blocks this thread; the watchdog ends a scenario that hangs, which ends the reading.
    Thread watchdog =
        new Thread(
            () -> {
              try {
                if (!process.waitFor(TEST_MINUTES, TimeUnit.MINUTES)) {
                  process.destroyForcibly();
                }
              } catch (InterruptedException stopped) {
                process.destroyForcibly();
              }
            });
    watchdog.start();
    StringBuilder output = new StringBuilder();
    try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer answers = process.outputWriter(StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.append(line).append('\n');
        if (line.contains(RESTART_ASKED)) {
          hub.restart();
          answers.write("restarted\n");
          answers.flush();
        }
      }
    } finally {
      watchdog.interrupt();
      watchdog.join();
    }
    if (process.waitFor() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
    }
    return output.toString();
  }
}
