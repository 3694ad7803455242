package io.switchboard.platform.health;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /health/live} (the process answers) and {@code /health/ready} (its dependencies answer:
 * 200 when all are up, 503 with each probe's outcome otherwise), for load balancers and
 * orchestrators.
 */
public final class HealthRoutes {

  private final HealthChecks readiness;

  public HealthRoutes(HealthChecks readiness) {
    this.readiness = readiness;
  }

  /** Mounts both endpoints on {@code router}. */
  public void mount(Router router) {
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
  }

  private void live(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("status", "UP").encode());
  }

  private void ready(RoutingContext ctx) {
    readiness
        .checkStatus()
        .onComplete(
            done -> {
              JsonObject body;
              boolean up;
              if (done.succeeded()) {
                CheckResult result = done.result();
                up = result.getUp();
                body = result.toJson();
              } else {
                up = false;
                body = new JsonObject().put("status", "DOWN");
              }
              ctx.response()
                  .setStatusCode(up ? 200 : 503)
                  .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                  .end(body.encode());
            });
  }
}
