package io.switchboard.ai.assist;

import io.switchboard.ai.bus.BusCalls;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.bus.AiAddresses;
import io.switchboard.platform.error.Invalid;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * Agent assist over HTTP, for agents, supervisors and admins who may see the conversation: {@code
 * GET /api/v1/conversations/{id}/assist} (suggestions, intent, sentiment, routing) and {@code POST
 * /api/v1/conversations/{id}/summary}. Each is asked of this node's AI role on the event bus, where
 * its state lives, and its typed failure answered as problem+json.
 */
public final class AssistRoutes {

  /** Longest an answer may take: the tenant's models, their retries and fallbacks included. */
  private static final long TIMEOUT_MS = 60_000;

  private final EventBus bus;
  private final BearerAuthHandler auth;
  private final RoleCheck staff = RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN);

  public AssistRoutes(EventBus bus, TokenVerifier tokens) {
    this.bus = bus;
    this.auth = BearerAuthHandler.create(tokens);
  }

  /** Adds both routes to {@code router}. */
  public void mount(Router router) {
    router
        .get("/api/v1/conversations/:id/assist")
        .handler(auth)
        .handler(staff)
        .handler(ctx -> ask(ctx, AiAddresses.ASSIST_SUGGEST));
    router
        .post("/api/v1/conversations/:id/summary")
        .handler(auth)
        .handler(staff)
        .handler(ctx -> ask(ctx, AiAddresses.ASSIST_SUMMARY));
  }

  private void ask(RoutingContext ctx, String address) {
    String id = ctx.pathParam("id");
    try {
      UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      ctx.fail(Invalid.field("id", "must be a UUID"));
      return;
    }
    JsonObject request = BusCalls.request(BearerAuthHandler.caller(ctx)).put("conversation_id", id);
    bus.<JsonObject>request(
            address, request, new DeliveryOptions().setLocalOnly(true).setSendTimeout(TIMEOUT_MS))
        .onSuccess(
            reply ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(reply.body().encode()))
        .onFailure(failed -> ctx.fail(BusCalls.typed(failed)));
  }
}
