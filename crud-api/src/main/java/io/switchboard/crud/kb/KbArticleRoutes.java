package io.switchboard.crud.kb;

import io.switchboard.crud.http.ResourceHandlers;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.ext.web.Router;

/**
 * REST resource {@code /api/v1/kb-articles}: supervisors and admins create ({@code title}, {@code
 * body}, {@code tags?}, {@code locale?}, {@code published?}), change (with {@code If-Match}) and
 * delete articles; staff read and list them, filtered by {@code published}, {@code locale} and
 * {@code tag}; customers read and list published articles only.
 */
public final class KbArticleRoutes {

  /** Path of the collection. */
  public static final String PATH = "/api/v1/kb-articles";

  private final TenantWork work;
  private final KbArticleStore store;
  private final BearerAuthHandler auth;

  public KbArticleRoutes(TenantWork work, KbArticleStore store, BearerAuthHandler auth) {
    this.work = work;
    this.store = store;
    this.auth = auth;
  }

  /** Adds the routes to {@code router}. */
  public void mount(Router router) {
    RoleCheck readers =
        RoleCheck.requireAny(Role.CUSTOMER, Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE);
    RoleCheck editors = RoleCheck.requireAny(Role.SUPERVISOR, Role.ADMIN);
    router
        .post(PATH)
        .handler(auth)
        .handler(editors)
        .handler(ResourceHandlers.create(work, KbArticleInputs::create, store::create));
    router
        .get(PATH)
        .handler(auth)
        .handler(readers)
        .handler(ResourceHandlers.list(work, KbArticleInputs::list, store::list));
    router
        .get(PATH + "/:id")
        .handler(auth)
        .handler(readers)
        .handler(ResourceHandlers.get(work, store::find));
    router
        .patch(PATH + "/:id")
        .handler(auth)
        .handler(editors)
        .handler(ResourceHandlers.patch(work, KbArticleInputs::change, store::update));
    router
        .delete(PATH + "/:id")
        .handler(auth)
        .handler(editors)
        .handler(ResourceHandlers.delete(work, store::delete));
  }
}
