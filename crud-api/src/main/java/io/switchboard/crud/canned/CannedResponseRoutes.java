package io.switchboard.crud.canned;

import io.switchboard.crud.http.ResourceHandlers;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.ext.web.Router;

/**
 * REST resource {@code /api/v1/canned-responses}: supervisors and admins create ({@code
 * short_code}, {@code content}), change (with {@code If-Match}) and delete them; staff read and
 * list them, optionally by short-code prefix {@code q}. A short code already in use is 409.
 */
public final class CannedResponseRoutes {

  /** Path of the collection. */
  public static final String PATH = "/api/v1/canned-responses";

  private final TenantWork work;
  private final CannedResponseStore store;
  private final BearerAuthHandler auth;

  public CannedResponseRoutes(TenantWork work, CannedResponseStore store, BearerAuthHandler auth) {
    this.work = work;
    this.store = store;
    this.auth = auth;
  }

  /** Adds the routes to {@code router}. */
  public void mount(Router router) {
    RoleCheck staff = RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE);
    RoleCheck editors = RoleCheck.requireAny(Role.SUPERVISOR, Role.ADMIN);
    router
        .post(PATH)
        .handler(auth)
        .handler(editors)
        .handler(ResourceHandlers.create(work, CannedResponseInputs::create, store::create));
    router
        .get(PATH)
        .handler(auth)
        .handler(staff)
        .handler(
            ResourceHandlers.list(
                work, CannedResponseInputs::list, (tx, caller, query) -> store.list(tx, query)));
    router
        .get(PATH + "/:id")
        .handler(auth)
        .handler(staff)
        .handler(
            ResourceHandlers.get(work, (statements, caller, id) -> store.find(statements, id)));
    router
        .patch(PATH + "/:id")
        .handler(auth)
        .handler(editors)
        .handler(ResourceHandlers.patch(work, CannedResponseInputs::change, store::update));
    router
        .delete(PATH + "/:id")
        .handler(auth)
        .handler(editors)
        .handler(ResourceHandlers.delete(work, store::delete));
  }
}
