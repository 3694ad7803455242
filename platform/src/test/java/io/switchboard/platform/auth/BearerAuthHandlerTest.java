package io.switchboard.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.error.ProblemMapper;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("An HTTP API behind BearerAuthHandler")
class BearerAuthHandlerTest {

  private WebClient client;
  private int port;

  @BeforeEach
  void startServer(Vertx vertx) {
    TokenVerifier verifier = TokenVerifier.create(vertx, TestTokens.authConfig()).await();
    Router router = Router.router(vertx);
    router.route("/api/*").handler(BearerAuthHandler.create(verifier));
    router.get("/api/me").handler(this::me);
    router.route("/api/admin/*").handler(RoleCheck.requireAny(Role.ADMIN, Role.SUPERVISOR));
    // the body is read only once the caller is known to be allowed
    router
        .post("/api/admin/echo")
        .handler(BodyHandler.create())
        .handler(ctx -> ctx.end(ctx.body().buffer()));
    router.route().failureHandler(ProblemMapper::handle);
    port = vertx.createHttpServer().requestHandler(router).listen(0).await().actualPort();
    client = WebClient.create(vertx);
  }

  @Test
  @DisplayName("a request without an Authorization header gets 401 problem+json saying so")
  void missingHeader() {
    HttpResponse<Buffer> response = client.get(port, "localhost", "/api/me").send().await();

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("Content-Type")).isEqualTo(ProblemMapper.PROBLEM_JSON);
    assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(401);
    assertThat(problem.getString("detail")).isEqualTo("missing Authorization header");
  }

  @Test
  @DisplayName("a request with a Basic Authorization header gets 401 asking for the Bearer scheme")
  void wrongScheme() {
    HttpResponse<Buffer> response =
        client
            .get(port, "localhost", "/api/me")
            .putHeader("Authorization", "Basic dXNlcjpwYXNz")
            .send()
            .await();

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.bodyAsJsonObject().getString("detail"))
        .isEqualTo("Authorization header must use the Bearer scheme");
  }

  @Test
  @DisplayName("a request with a bad token gets 401 problem+json with the refusal reason")
  void badToken() {
    HttpResponse<Buffer> response = get("/api/me", "not-a-token").send().await();

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("Content-Type")).isEqualTo(ProblemMapper.PROBLEM_JSON);
    assertThat(response.bodyAsJsonObject().getString("detail")).isEqualTo("malformed token");
  }

  @Test
  @DisplayName("a correctly signed token whose exp is a string gets 401 saying so, not a 500")
  void expNotANumber(Vertx vertx) {
    JsonObject claims =
        new JsonObject()
            .put("sub", "alice")
            .put("tid", "acme")
            .put("roles", new io.vertx.core.json.JsonArray().add("agent"))
            .put("exp", "tomorrow");
    String token = TestKeys.signHmac(vertx, "HS256", TestTokens.SECRET, claims);

    HttpResponse<Buffer> response = get("/api/me", token).send().await();

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("Content-Type")).isEqualTo(ProblemMapper.PROBLEM_JSON);
    assertThat(response.bodyAsJsonObject().getString("detail"))
        .isEqualTo("token exp is not a number");
  }

  @Test
  @DisplayName("a request with a good token gets 200 and the handler sees the caller")
  void goodToken() {
    String token = TestTokens.mint("acme", "alice", Role.AGENT);

    HttpResponse<Buffer> response = get("/api/me", token).send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("tenant", "acme").put("user", "alice").put("agent", true));
  }

  @Test
  @DisplayName("a caller without a required role gets 403 problem+json naming the roles needed")
  void wrongRole() {
    String token = TestTokens.mint("acme", "bob", Role.CUSTOMER);

    HttpResponse<Buffer> response =
        post("/api/admin/echo", token).sendBuffer(Buffer.buffer("hi")).await();

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.getHeader("Content-Type")).isEqualTo(ProblemMapper.PROBLEM_JSON);
    assertThat(response.bodyAsJsonObject().getString("detail"))
        .isEqualTo("requires one of the roles: supervisor, admin");
  }

  @Test
  @DisplayName("a caller with one of the required roles gets through, request body intact")
  void rightRoleWithBody() {
    String token = TestTokens.mint("acme", "carol", Role.SUPERVISOR);

    HttpResponse<Buffer> response =
        post("/api/admin/echo", token).sendBuffer(Buffer.buffer("hello")).await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).isEqualTo("hello");
  }

  private void me(RoutingContext ctx) {
    Caller caller = BearerAuthHandler.caller(ctx);
    ctx.json(
        new JsonObject()
            .put("tenant", caller.tenantId())
            .put("user", caller.userId())
            .put("agent", caller.has(Role.AGENT)));
  }

  private HttpRequest<Buffer> get(String path, String token) {
    return client.get(port, "localhost", path).putHeader("Authorization", "Bearer " + token);
  }

  private HttpRequest<Buffer> post(String path, String token) {
    return client.post(port, "localhost", path).putHeader("Authorization", "Bearer " + token);
  }
}
