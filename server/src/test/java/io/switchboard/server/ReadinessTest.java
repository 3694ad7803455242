package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.embedded.EmbeddedServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Readiness with an embedded PostgreSQL")
class ReadinessTest {

  @TempDir Path dataDir;

  @Test
  @DisplayName(
      "is 200 while the embedded PostgreSQL runs and 503 once it stops, "
          + "while liveness stays 200")
  void readinessFollowsPostgres() {
    EmbeddedServices embedded =
        EmbeddedServices.start(NodeFixture.config(dataDir, Map.of("switchboard.postgres.url", "")));
    Vertx clientVertx = Vertx.vertx();
    WebClient client = WebClient.create(clientVertx);
    RunningNode node = null;
    try {
      assertThat(embedded.started()).anyMatch(line -> line.startsWith("PostgreSQL at"));
      node = NodeLauncher.launch(embedded.config()).await();
      int port = node.httpPort();

      HttpResponse<Buffer> up = client.get(port, "127.0.0.1", "/health/ready").send().await();
      assertThat(up.statusCode()).isEqualTo(200);

      embedded.stopPostgres();

      HttpResponse<Buffer> down = client.get(port, "127.0.0.1", "/health/ready").send().await();
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
      assertThat(down.bodyAsString()).contains("postgres");
      assertThat(client.get(port, "127.0.0.1", "/health/live").send().await().statusCode())
          .isEqualTo(200);
    } finally {
      if (node != null) {
        node.close().await();
      }
      client.close();
      clientVertx.close().await();
      embedded.close();
    }
  }
}
