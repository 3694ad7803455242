package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A running node")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeTest {

  private RunningNode node;
  private Vertx clientVertx;
  private WebClient client;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    node = NodeLauncher.launch(NodeFixture.config(dataDir, Map.of())).await();
    clientVertx = Vertx.vertx();
    client = WebClient.create(clientVertx);
  }

  @AfterAll
  void stop() {
    client.close();
    clientVertx.close().await();
    node.close().await();
  }

  private HttpResponse<Buffer> get(String path, String token) {
    var request = client.get(node.httpPort(), "127.0.0.1", path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request.send().await();
  }

  @Test
  @DisplayName("runs every role by default and answers ready when PostgreSQL and Redis answer")
  void readyWithAllRoles() {
    assertThat(node.roles())
        .extracting(r -> r.name())
        .containsExactly("crud", "hub", "voice", "ai");
    HttpResponse<Buffer> ready = get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonObject body = ready.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.encode()).contains("postgres").contains("redis");
    assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("serves Prometheus metrics with the JVM's and Vert.x's meters")
  void metrics() {
    get("/health/live", null);
    HttpResponse<Buffer> metrics = get("/metrics", null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString())
        .contains("jvm_memory_used_bytes")
        .contains("vertx_http_server_requests_total");
  }

  @Test
  @DisplayName("tells a caller with a valid token who they are")
  void whoAmI() {
    String token = TestTokens.mint("acme", "alice", Role.AGENT, Role.SUPERVISOR);
    HttpResponse<Buffer> me = get("/api/v1/me", token);
    assertThat(me.statusCode()).isEqualTo(200);
    JsonObject body = me.bodyAsJsonObject();
    assertThat(body.getString("tenant")).isEqualTo("acme");
    assertThat(body.getString("user")).isEqualTo("alice");
    assertThat(body.getJsonArray("roles").getList())
        .containsExactlyInAnyOrder("agent", "supervisor");
  }

  @Test
  @DisplayName("answers a missing or bad token with 401 problem+json and the reason")
  void refusesBadTokens() {
    HttpResponse<Buffer> none = get("/api/v1/me", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(none.bodyAsJsonObject().getString("type")).endsWith("/unauthenticated");

    HttpResponse<Buffer> garbage = get("/api/v1/me", "not.a.token");
    assertThat(garbage.statusCode()).isEqualTo(401);
    assertThat(garbage.bodyAsJsonObject().getString("detail")).isNotBlank();
  }

  @Test
  @DisplayName("answers an unknown path with 404 problem+json and echoes a request id")
  void unknownPath() {
    HttpResponse<Buffer> missing =
        client
            .get(node.httpPort(), "127.0.0.1", "/nowhere")
            .putHeader("X-Request-Id", "req-42")
            .send()
            .await();
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(missing.getHeader("X-Request-Id")).isEqualTo("req-42");
    assertThat(missing.bodyAsJsonObject().getInteger("status")).isEqualTo(404);
  }

  @Test
  @DisplayName("answers a known path asked with a wrong method with 405 problem+json and Allow")
  void wrongMethod() {
    HttpResponse<Buffer> response =
        client
            .delete(node.httpPort(), "127.0.0.1", "/api/v1/tenant")
            .bearerTokenAuthentication(TestTokens.mint("acme", "admin-1", Role.ADMIN))
            .send()
            .await();

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.getHeader("Allow")).isEqualTo("GET, HEAD, PATCH");
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getInteger("status")).isEqualTo(405);
    HttpResponse<Buffer> byId =
        client
            .put(node.httpPort(), "127.0.0.1", "/api/v1/users/" + java.util.UUID.randomUUID())
            .send()
            .await();
    assertThat(byId.statusCode()).isEqualTo(405);
    assertThat(byId.getHeader("Allow")).isEqualTo("DELETE, GET, HEAD, PATCH");
  }

  @Test
  @DisplayName("HEAD answers what GET would, headers only")
  void headAsGet() {
    String admin = TestTokens.mint("acme", "admin-1", Role.ADMIN);
    HttpResponse<Buffer> get =
        client
            .get(node.httpPort(), "127.0.0.1", "/api/v1/me")
            .bearerTokenAuthentication(admin)
            .send()
            .await();
    HttpResponse<Buffer> head =
        client
            .head(node.httpPort(), "127.0.0.1", "/api/v1/me")
            .bearerTokenAuthentication(admin)
            .send()
            .await();

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.getHeader("Content-Type")).isEqualTo(get.getHeader("Content-Type"));
    assertThat(head.getHeader("X-Request-Id")).isNotBlank();
    assertThat(head.body()).isNull();
    HttpResponse<Buffer> unauthenticated =
        client.head(node.httpPort(), "127.0.0.1", "/api/v1/me").send().await();
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    assertThat(
            client.head(node.httpPort(), "127.0.0.1", "/health/live").send().await().statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("deploys only the roles asked for, with several front instances on one free port")
  void subsetOfRoles(@TempDir Path otherDir) {
    RunningNode hubOnly =
        NodeLauncher.launch(
                NodeFixture.config(otherDir, Map.of("switchboard.http.instances", "3"))
                    .withRoles(List.of("hub", "voice")))
            .await();
    try {
      assertThat(hubOnly.roles()).extracting(r -> r.name()).containsExactly("hub", "voice");
      assertThat(hubOnly.vertx().deploymentIDs()).hasSize(3); // two roles and one HTTP front
      for (int i = 0; i < 6; i++) { // connections are spread over the instances
        int status =
            client.get(hubOnly.httpPort(), "127.0.0.1", "/health/live").send().await().statusCode();
        assertThat(status).isEqualTo(200);
      }
    } finally {
      hubOnly.close().await();
    }
  }

  @Test
  @DisplayName("serves its OpenAPI document and a Swagger UI page that loads it by a relative URL")
  void apiDocs() {
    HttpResponse<Buffer> doc = get("/openapi.json", null);
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.bodyAsJsonObject().getString("openapi")).startsWith("3.");
    HttpResponse<Buffer> page = get("/docs/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("swagger-ui");
    // relative to the page, so that a proxy may serve the node below a path prefix
    String initializer = get("/docs/swagger-initializer.js", null).bodyAsString();
    assertThat(initializer).contains("url: '../openapi.json'").doesNotContain("'/openapi.json'");
    HttpResponse<Buffer> bare =
        client.get(node.httpPort(), "127.0.0.1", "/docs").followRedirects(false).send().await();
    assertThat(bare.statusCode()).isEqualTo(302);
    assertThat(bare.getHeader("Location")).isEqualTo("docs/");
    assertThat(get("/docs/swagger-ui-bundle.js", null).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "answers every operation of its OpenAPI document only with documented statuses, and a wrong"
          + " method on each path with 405 and Allow")
  void documentTellsTheTruth() {
    JsonObject paths = get("/openapi.json", null).bodyAsJsonObject().getJsonObject("paths");
    String admin = TestTokens.mint("docs-truth", "admin-1", Role.ADMIN);
    List<String> wrong = new java.util.ArrayList<>();
    for (String path : paths.fieldNames()) {
      String concrete = path.replaceAll("\\{[^}]+}", java.util.UUID.randomUUID().toString());
      JsonObject item = paths.getJsonObject(path);
      java.util.Set<String> documented = new java.util.TreeSet<>();
      item.fieldNames().forEach(m -> documented.add(m.toUpperCase(java.util.Locale.ROOT)));
      // The document leaves HEAD implied, as HTTP does: it is served wherever GET is.
      java.util.Set<String> allowed = new java.util.TreeSet<>(documented);
      if (allowed.contains("GET")) {
        allowed.add("HEAD");
      }
      for (String method : item.fieldNames()) {
        JsonObject operation = item.getJsonObject(method);
        java.util.Set<String> codes = operation.getJsonObject("responses").fieldNames();
        boolean secured = !operation.containsKey("security");
        boolean hasBody = operation.containsKey("requestBody");
        List<HttpResponse<Buffer>> answers = new java.util.ArrayList<>();
        // an admin with an empty object, one with a body that is not JSON, and nobody at all
        answers.add(call(method, concrete, admin, hasBody ? "{}" : null));
        if (hasBody) {
          answers.add(call(method, concrete, admin, "{\"x\": \"\\u0000\"}"));
        }
        if (secured) {
          answers.add(call(method, concrete, null, hasBody ? "{}" : null));
        }
        for (HttpResponse<Buffer> answer : answers) {
          if (!codes.contains(Integer.toString(answer.statusCode()))) {
            wrong.add(method + " " + path + " answered undocumented " + answer.statusCode());
          }
        }
      }
      String other =
          java.util.stream.Stream.of("GET", "POST", "PUT", "PATCH", "DELETE")
              .filter(m -> !documented.contains(m))
              .findFirst()
              .orElseThrow();
      HttpResponse<Buffer> refused = call(other, concrete, admin, null);
      if (refused.statusCode() != 405
          || !String.join(", ", allowed).equals(refused.getHeader("Allow"))
          || !"application/problem+json".equals(refused.getHeader("Content-Type"))) {
        wrong.add(
            other
                + " "
                + path
                + " answered "
                + refused.statusCode()
                + " Allow "
                + refused.getHeader("Allow"));
      }
    }
    assertThat(wrong).isEmpty();
  }

  private HttpResponse<Buffer> call(String method, String path, String token, String body) {
    var request =
        client.request(
            io.vertx.core.http.HttpMethod.valueOf(method.toUpperCase(java.util.Locale.ROOT)),
            node.httpPort(),
            "127.0.0.1",
            path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    if (body == null) {
      return request.send().await();
    }
    return request
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body))
        .await();
  }

  @Test
  @DisplayName("has a route for every operation its OpenAPI document lists")
  void documentMatchesRoutes() {
    JsonObject paths = get("/openapi.json", null).bodyAsJsonObject().getJsonObject("paths");
    String token = TestTokens.mint("docs-check", "admin-1", Role.ADMIN);
    List<String> missing = new java.util.ArrayList<>();
    for (String path : paths.fieldNames()) {
      String concrete = path.replace("{id}", java.util.UUID.randomUUID().toString());
      for (String method : paths.getJsonObject(path).fieldNames()) {
        HttpResponse<Buffer> response =
            client
                .request(
                    io.vertx.core.http.HttpMethod.valueOf(
                        method.toUpperCase(java.util.Locale.ROOT)),
                    node.httpPort(),
                    "127.0.0.1",
                    concrete)
                .bearerTokenAuthentication(token)
                .send()
                .await();
        boolean unrouted =
            response.statusCode() == 405
                || (response.statusCode() == 404
                    && response.bodyAsString().contains("no resource at"));
        if (unrouted) {
          missing.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
        }
      }
    }
    assertThat(missing).isEmpty();
  }
}
