package io.switchboard.crud.ai;

import io.switchboard.crud.http.ResourceHandlers;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.ext.web.Router;

/**
 * REST resource {@code GET /api/v1/ai/turns}: the tenant's audit of AI turns, newest first, for
 * supervisors and admins; filters {@code conversation_id}, {@code kind}, {@code outcome}.
 */
public final class AiTurnRoutes {

  /** Path of the collection. */
  public static final String PATH = "/api/v1/ai/turns";

  private final TenantWork work;
  private final AiStore store;
  private final BearerAuthHandler auth;

  public AiTurnRoutes(TenantWork work, AiStore store, BearerAuthHandler auth) {
    this.work = work;
    this.store = store;
    this.auth = auth;
  }

  /** Adds the route to {@code router}. */
  public void mount(Router router) {
    router
        .get(PATH)
        .handler(auth)
        .handler(RoleCheck.requireAny(Role.SUPERVISOR, Role.ADMIN))
        .handler(
            ResourceHandlers.list(
                work, AiInputs::list, (tx, caller, query) -> store.turns(tx, query)));
  }
}
