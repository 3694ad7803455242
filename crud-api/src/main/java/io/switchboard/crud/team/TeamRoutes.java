package io.switchboard.crud.team;

import io.switchboard.crud.http.ResourceHandlers;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.ext.web.Router;

/**
 * REST resource {@code /api/v1/teams}: admins write, staff read, customers get 403.
 *
 * <ul>
 *   <li>{@code POST} creates one ({@code name}, unique in the tenant: a name in use is 409).
 *   <li>{@code GET /{id}} answers it with its ETag; {@code GET} lists by {@code (updated_at, id)}.
 *   <li>{@code PATCH /{id}} renames it with {@code If-Match} (412 when missing or stale).
 *   <li>{@code DELETE /{id}}: 204.
 *   <li>{@code PUT} and {@code DELETE /{id}/members/{userId}} add (repeatable) and remove members.
 * </ul>
 */
public final class TeamRoutes {

  /** Path of the collection. */
  public static final String PATH = "/api/v1/teams";

  private final TenantWork work;
  private final TeamStore store;
  private final BearerAuthHandler auth;

  public TeamRoutes(TenantWork work, TeamStore store, BearerAuthHandler auth) {
    this.work = work;
    this.store = store;
    this.auth = auth;
  }

  /** Adds the routes to {@code router}. */
  public void mount(Router router) {
    RoleCheck staff = RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE);
    RoleCheck admin = RoleCheck.requireAny(Role.ADMIN);
    router
        .post(PATH)
        .handler(auth)
        .handler(admin)
        .handler(ResourceHandlers.create(work, TeamInputs::name, store::create));
    router
        .get(PATH)
        .handler(auth)
        .handler(staff)
        .handler(
            ResourceHandlers.list(
                work, TeamInputs::list, (tx, caller, query) -> store.list(tx, query)));
    router
        .get(PATH + "/:id")
        .handler(auth)
        .handler(staff)
        .handler(
            ResourceHandlers.get(work, (statements, caller, id) -> store.find(statements, id)));
    router
        .patch(PATH + "/:id")
        .handler(auth)
        .handler(admin)
        .handler(ResourceHandlers.patch(work, TeamInputs::name, store::rename));
    router
        .delete(PATH + "/:id")
        .handler(auth)
        .handler(admin)
        .handler(ResourceHandlers.delete(work, store::delete));
    router
        .put(PATH + "/:id/members/:userId")
        .handler(auth)
        .handler(admin)
        .handler(ResourceHandlers.member(work, store::addMember));
    router
        .delete(PATH + "/:id/members/:userId")
        .handler(auth)
        .handler(admin)
        .handler(ResourceHandlers.member(work, store::removeMember));
  }
}
