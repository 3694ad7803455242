package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.config.SwitchboardConfig;
import io.switchboard.server.token.DevTokenSecret;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("The switchboard command")
class CommandLineTest {

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  @DisplayName("stops with one line naming the setting when the configuration is invalid")
  void invalidConfig() throws IOException {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "http:\n  port: 99999\n");
    Run result = run("--config", config.toString());
    assertThat(result.exitCode()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(result.err().strip())
        .isEqualTo("invalid configuration: http.port must be between 0 and 65535, got 99999");
  }

  @Test
  @DisplayName("refuses an unknown role given with --roles")
  void unknownRole() {
    Run result = run("--roles", "hub,chat");
    assertThat(result.exitCode()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(result.err()).contains("node.roles has unknown role 'chat'");
  }

  @Test
  @DisplayName("`token` mints a development token that a node on the same data folder accepts")
  void tokenAcceptedByServer() throws IOException {
    Path config = dir.resolve("dev.yaml");
    Files.writeString(config, "node:\n  data-dir: " + dir.resolve("data") + "\n");
    // The node generates its secret on its first start, as Main does.
    SwitchboardConfig base =
        NodeFixture.config(dir.resolve("data"), Map.of("switchboard.auth.hmac-secret", ""));
    String secret = DevTokenSecret.resolve(base.auth(), base.node().dataDir()).orElseThrow();
    Run minted =
        run(
            "token",
            "--config",
            config.toString(),
            "--tenant",
            "acme",
            "--user",
            "alice",
            "--role",
            "agent",
            "--ttl",
            "1h");
    assertThat(minted.exitCode()).as(minted.err()).isZero();
    assertThat(minted.err().strip())
        .isEqualTo(
            "signed with the development secret in "
                + DevTokenSecret.file(dir.resolve("data").toString()));
    String token = minted.out().strip();
    assertThat(token.split("\\.")).hasSize(3);

    RunningNode node =
        NodeLauncher.launch(base.withAuth(base.auth().withHmacSecret(secret))).await();
    Vertx clientVertx = Vertx.vertx();
    try {
      HttpResponse<Buffer> me =
          WebClient.create(clientVertx)
              .get(node.httpPort(), "127.0.0.1", "/api/v1/me")
              .bearerTokenAuthentication(token)
              .send()
              .await();
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.bodyAsJsonObject().getString("tenant")).isEqualTo("acme");
      assertThat(me.bodyAsJsonObject().getString("user")).isEqualTo("alice");
    } finally {
      clientVertx.close().await();
      node.close().await();
    }
  }

  @Test
  @DisplayName(
      "`token` in a folder without a node's data refuses, naming the secret file it looked for,"
          + " and creates none")
  void tokenWithoutNodeData() throws IOException {
    Path config = dir.resolve("elsewhere.yaml");
    Path data = dir.resolve("no-node-here");
    Files.writeString(config, "node:\n  data-dir: " + data + "\n");
    Run minted =
        run(
            "token",
            "--config",
            config.toString(),
            "--tenant",
            "acme",
            "--user",
            "bob",
            "--role",
            "agent");
    assertThat(minted.exitCode()).isEqualTo(2);
    assertThat(minted.out()).isEmpty();
    assertThat(minted.err().strip())
        .startsWith("no development secret at " + DevTokenSecret.file(data.toString()) + ":")
        .doesNotContain("\n");
    assertThat(data.resolve(DevTokenSecret.FILE_NAME)).doesNotExist();
  }

  @Test
  @DisplayName("`token` with auth.hmac-secret configured says it signed with that secret")
  void tokenWithConfiguredSecret() throws IOException {
    Path config = dir.resolve("secret.yaml");
    Files.writeString(
        config,
        "node:\n  data-dir: "
            + dir.resolve("empty")
            + "\nauth:\n  hmac-secret: a-configured-secret-of-32-or-more-bytes\n");
    Run minted =
        run(
            "token",
            "--config",
            config.toString(),
            "--tenant",
            "acme",
            "--user",
            "bob",
            "--role",
            "agent");
    assertThat(minted.exitCode()).as(minted.err()).isZero();
    assertThat(minted.err().strip())
        .isEqualTo("signed with auth.hmac-secret from the configuration");
    assertThat(minted.out().strip().split("\\.")).hasSize(3);
  }

  @Test
  @DisplayName("`token` refuses an unknown role and a bad lifetime")
  void tokenBadInput() {
    Run badRole = run("token", "--tenant", "acme", "--user", "bob", "--role", "wizard");
    assertThat(badRole.exitCode()).isEqualTo(2);
    assertThat(badRole.err()).contains("wizard");
    Run badTtl =
        run("token", "--tenant", "acme", "--user", "bob", "--role", "agent", "--ttl", "forever");
    assertThat(badTtl.exitCode()).isEqualTo(2);
    assertThat(badTtl.err()).contains("--ttl must look like");
  }
}
