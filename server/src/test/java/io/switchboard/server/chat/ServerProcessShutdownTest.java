package io.switchboard.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.TokenMinter;
import io.switchboard.platform.config.ConfigLoader;
import io.switchboard.platform.config.SwitchboardConfig;
import io.switchboard.server.Main;
import io.switchboard.server.token.DevTokenSecret;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("The server process, stopped with SIGTERM")
class ServerProcessShutdownTest {

  @TempDir Path dir;

  @Test
  @DisplayName("tells its chat clients 3001, then stops its embedded services after the node")
  void stopsInOrder(Vertx vertx) throws Exception {
    int port = freePort();
    Path data = dir.resolve("data");
    Path output = dir.resolve("server.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().put("SWITCHBOARD_HTTP_PORT", Integer.toString(port));
    builder.environment().put("SWITCHBOARD_NODE_DATA_DIR", data.toString());
    Process server = builder.start();
    try {
      awaitReady(port, server, output);
      SwitchboardConfig config = new ConfigLoader().load(Optional.empty());
      String secret = DevTokenSecret.resolve(config.auth(), data.toString()).orElseThrow();
      String token =
          TokenMinter.mint(
              secret,
              "acme",
              "alice",
              Set.of(Role.AGENT),
              Duration.ofHours(1),
              config.auth().issuer(),
              config.auth().audience());
      RawSocket client = RawSocket.connected(vertx, port, token);

      server.destroy(); // SIGTERM

      assertThat(client.closeCode()).isEqualTo(3001);
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("stopped in time").isTrue();
      // PostgreSQL stopping under the node's connections showed as a PgException here.
      // A write to Redis after its client closed showed as an ERROR of the Redis client; a stop
      // that hung until the shutdown timeout, as "did not stop within".
      assertThat(Files.readString(output))
          .doesNotContain("PgException")
          .doesNotContain(" ERROR ")
          .doesNotContain("did not stop within");
    } finally {
      server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static void awaitReady(int port, Process server, Path output) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < until) {
      if (!server.isAlive()) {
        throw new AssertionError("the server stopped: " + Files.readString(output));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("not ready in 120 s: " + Files.readString(output));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
