package io.switchboard.loadtests.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A Gatling run with a missing or wrong setting")
class SettingsRefusalTest {

  private static final long RUN_TIMEOUT_SECONDS = 180;

  @TempDir Path dir;

  private record Run(int exitCode, String output) {

    List<String> refusals() {
      return output.lines().filter(line -> line.startsWith(Env.REFUSAL_PREFIX)).toList();
    }
  }

  /** Runs Gatling's own main on a simulation in a fresh JVM, as the Maven plugin's fork does. */
  private Run gatling(Class<?> simulation, String... properties) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of(properties));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.gatling.app.Gatling",
            "-s",
            simulation.getName(),
            "-rf",
            dir.resolve("results").toString()));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(output).isTrue();
    return new Run(process.exitValue(), output);
  }

  private static void assertOneLine(Run run, String line) {
    assertThat(run.exitCode()).as(run.output()).isEqualTo(Env.EXIT_BAD_SETTING);
    assertThat(run.refusals()).as(run.output()).containsExactly(Env.REFUSAL_PREFIX + line);
    assertThat(run.output()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  @DisplayName("without a secret: one line saying what to pass, exit code 3")
  void withoutSecret() throws Exception {
    Path missing = dir.resolve("data").resolve("dev-token-secret");
    Run run = gatling(ChatSimulation.class, "-DsecretFile=" + missing);
    assertOneLine(
        run,
        "no token secret: "
            + missing
            + " does not exist; pass -Dsecret=<the node's auth.hmac-secret>, -DsecretFile=<the"
            + " node's data/dev-token-secret> or -DtokenFile=<user=jwt lines>");
  }

  @Test
  @DisplayName("with a count that is not a number: one line naming the property and the value")
  void badNumber() throws Exception {
    Run run = gatling(ApiSimulation.class, "-Dsecret=" + "s".repeat(32), "-Dusers=many");
    assertOneLine(run, "-Dusers must be a whole number of 0 or more, got 'many'");
  }

  @Test
  @DisplayName("pointed where no node listens: one line naming the address")
  void noNode() throws Exception {
    String baseUrl = "http://127.0.0.1:" + freePort();
    Run run =
        gatling(ReconnectSimulation.class, "-Dsecret=" + "s".repeat(32), "-DbaseUrl=" + baseUrl);
    assertThat(run.refusals()).as(run.output()).hasSize(1);
    assertThat(run.refusals().get(0))
        .startsWith(Env.REFUSAL_PREFIX + "cannot reach the node at -DbaseUrl=" + baseUrl + " (")
        .endsWith("); is it running there?");
    assertThat(run.exitCode()).isEqualTo(Env.EXIT_BAD_SETTING);
    assertThat(run.output()).doesNotContain("\tat ");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
