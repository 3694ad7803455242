package io.switchboard.server.http;

import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.error.ProblemMapper;
import io.switchboard.platform.health.DependencyProbes;
import io.switchboard.platform.health.HealthRoutes;
import io.switchboard.platform.log.LogContext;
import io.switchboard.platform.metrics.Metrics;
import io.switchboard.platform.node.NodeContext;
import io.switchboard.platform.node.NodeRole;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One event-loop instance of the node's HTTP and WebSocket front: request ids, health, metrics, the
 * caller's own identity, and whatever routes the node's roles mount, with every failure answered as
 * problem+json.
 */
public final class HttpFrontVerticle extends VerticleBase {

  /** Header carrying a request id in and out; a client-supplied one is kept if it is sane. */
  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  /** Longest client-supplied request id kept; longer ones are replaced. */
  private static final int MAX_REQUEST_ID_LENGTH = 128;

  private static final int METHOD_NOT_ALLOWED = 405;

  private final NodeContext context;
  private final Metrics metrics;
  private final ApiDocs docs;
  private final List<NodeRole> roles;
  private final int port;
  private DependencyProbes probes;
  private HttpServer server;

  public HttpFrontVerticle(
      NodeContext context, Metrics metrics, ApiDocs docs, List<NodeRole> roles, int port) {
    this.context = context;
    this.metrics = metrics;
    this.docs = docs;
    this.roles = List.copyOf(roles);
    this.port = port;
  }

  @Override
  public Future<?> start() {
    probes = DependencyProbes.create(vertx, context.config().postgres(), context.config().redis());
    Router router = Router.router(vertx);
    router.route().method(HttpMethod.HEAD).handler(HttpFrontVerticle::headAsGet);
    router.route().handler(this::assignRequestId);
    new HealthRoutes(probes.checks()).mount(router);
    if (context.config().metrics().enabled()) {
      metrics.mount(router);
    }
    docs.mount(router);
    new WebPages(context.config()).mount(router);
    router
        .route("/api/*")
        .handler(BodyHandler.create().setBodyLimit(context.config().http().maxBodyBytes()));
    router
        .get("/api/v1/me")
        .handler(BearerAuthHandler.create(context.tokens()))
        .handler(this::whoAmI);
    roles.forEach(role -> role.mount(router, context));
    AllowedMethods allowed = AllowedMethods.of(router);
    router.route().last().handler(ctx -> noRoute(ctx, allowed));
    router.route().failureHandler(ProblemMapper::handle);

    HttpServerOptions options =
        new HttpServerOptions().setHost(context.config().http().host()).setPort(port);
    roles.forEach(role -> role.configure(options, context));
    return vertx
        .createHttpServer(options)
        .requestHandler(router)
        .listen()
        .onSuccess(listening -> server = listening);
  }

  @Override
  public Future<?> stop() {
    // Roles say goodbye to this instance's clients before Vert.x closes its server.
    List<Future<Void>> unmounted = roles.stream().map(role -> role.unmount(context)).toList();
    return Future.join(unmounted).eventually(() -> probes.close());
  }

  /** The port this instance listens on; valid once started. */
  public int actualPort() {
    return server.actualPort();
  }

  /**
   * Serves HEAD as GET, as HTTP asks of every resource that has GET; the request stays a HEAD
   * underneath, so Vert.x sends the headers and leaves the body out.
   */
  private static void headAsGet(RoutingContext ctx) {
    ctx.reroute(HttpMethod.GET, ctx.request().uri());
  }

  private void assignRequestId(RoutingContext ctx) {
    String given = ctx.request().getHeader(REQUEST_ID_HEADER);
    String id =
        given != null
                && !given.isBlank()
                && given.length() <= MAX_REQUEST_ID_LENGTH
                && given.chars().allMatch(c -> c > 32 && c < 127)
            ? given
            : UUID.randomUUID().toString();
    LogContext.requestId(id);
    ctx.response().putHeader(REQUEST_ID_HEADER, id);
    ctx.next();
  }

  /** 405 with {@code Allow} for a known path asked with another method, else 404. */
  private static void noRoute(RoutingContext ctx, AllowedMethods allowed) {
    Set<String> methods = allowed.at(ctx.request().path());
    if (methods.isEmpty() || methods.contains(ctx.request().method().name())) {
      ctx.fail(new NotFound("no resource at " + ctx.request().path()));
      return;
    }
    ctx.response().putHeader(HttpHeaders.ALLOW, String.join(", ", methods));
    ctx.fail(METHOD_NOT_ALLOWED);
  }

  private void whoAmI(RoutingContext ctx) {
    Caller caller = BearerAuthHandler.caller(ctx);
    JsonArray roleNames = new JsonArray();
    caller.roles().forEach(role -> roleNames.add(role.wireName()));
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(
            new JsonObject()
                .put("tenant", caller.tenantId())
                .put("user", caller.userId())
                .put("roles", roleNames)
                .put("expiresAt", caller.expiresAt().toString())
                .encode());
  }
}
