package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.protos.crud.v1.GetTenantRequest;
import io.switchboard.protos.crud.v1.TenantServiceGrpc;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("While PostgreSQL is down")
class DatabaseOutageTest {

  /** How long the node may take to serve again once PostgreSQL is back. */
  private static final Duration RECOVERY = Duration.ofSeconds(30);

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir Path dataDir;
  @TempDir Path postgresDir;

  @Test
  @DisplayName(
      "REST answers 503 problem+json with Retry-After and gRPC UNAVAILABLE, and the node serves"
          + " again once PostgreSQL is back")
  void unavailableThenServesAgain() throws IOException {
    // A PostgreSQL of this test's own, so that stopping it disturbs nobody else's tests.
    EmbeddedPostgres postgres = startPostgres(0);
    int pgPort = postgres.getPort();
    String admin = TestTokens.mint("outage", "admin-1", Role.ADMIN);
    Vertx clientVertx = Vertx.vertx();
    WebClient client = WebClient.create(clientVertx);
    RunningNode node = null;
    ManagedChannel channel = null;
    try {
      String url = "postgresql://postgres@127.0.0.1:" + pgPort + "/postgres";
      node =
          NodeLauncher.launch(
                  NodeFixture.config(dataDir, Map.of("switchboard.postgres.url", url))
                      .withRoles(java.util.List.of("crud")))
              .await();
      int port = node.httpPort();
      channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, "Bearer " + admin);
      TenantServiceGrpc.TenantServiceBlockingStub tenants =
          TenantServiceGrpc.newBlockingStub(channel)
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
      assertThat(tenant(client, port, admin).statusCode()).isEqualTo(200);

      postgres.close();

      HttpResponse<Buffer> read = tenant(client, port, admin);
      assertThat(read.statusCode()).isEqualTo(503);
      assertThat(read.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(read.getHeader("Retry-After")).isEqualTo("5");
      assertThat(read.bodyAsJsonObject().getString("type"))
          .isEqualTo("https://switchboard.dev/problems/unavailable");
      HttpResponse<Buffer> write =
          client
              .post(port, "127.0.0.1", "/api/v1/teams")
              .bearerTokenAuthentication(admin)
              .sendJsonObject(new JsonObject().put("name", "Night shift"))
              .await();
      assertThat(write.statusCode()).isEqualTo(503);
      assertThat(write.getHeader("Retry-After")).isEqualTo("5");
      StatusRuntimeException refused =
          catchThrowableOfType(
              () ->
                  tenants
                      .withDeadlineAfter(10, TimeUnit.SECONDS)
                      .getTenant(GetTenantRequest.getDefaultInstance()),
              StatusRuntimeException.class);
      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);

      postgres = startPostgres(pgPort);

      long deadline = System.nanoTime() + RECOVERY.toNanos();
      int status = tenant(client, port, admin).statusCode();
      while (status != 200 && System.nanoTime() < deadline) {
        status = tenant(client, port, admin).statusCode();
      }
      assertThat(status).as("GET /api/v1/tenant once PostgreSQL is back").isEqualTo(200);
      assertThat(
              tenants
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .getTenant(GetTenantRequest.getDefaultInstance())
                  .getId())
          .isEqualTo("outage");
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
      if (node != null) {
        node.close().await();
      }
      client.close();
      clientVertx.close().await();
      postgres.close();
    }
  }

  private EmbeddedPostgres startPostgres(int port) throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder().setDataDirectory(postgresDir).setCleanDataDirectory(false);
    if (port > 0) {
      builder.setPort(port);
    }
    return builder.start();
  }

  private static HttpResponse<Buffer> tenant(WebClient client, int port, String token) {
    return client
        .get(port, "127.0.0.1", "/api/v1/tenant")
        .bearerTokenAuthentication(token)
        .send()
        .await();
  }
}
