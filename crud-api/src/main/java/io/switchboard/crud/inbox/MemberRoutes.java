package io.switchboard.crud.inbox;

import io.switchboard.crud.http.ApiResponse;
import io.switchboard.crud.http.Requests;
import io.switchboard.crud.http.ResourceHandlers;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.http.Uuids;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * REST resource {@code /api/v1/inboxes/{id}/members}: admins add ({@code PUT .../{userId}}, 204,
 * repeatable) and remove ({@code DELETE .../{userId}}, 204) members; staff list them. A user that
 * does not exist is 400 on {@code user_id}; an inbox that does not exist is 404.
 */
public final class MemberRoutes {

  /** Path of the collection, under one inbox. */
  public static final String PATH = InboxRoutes.PATH + "/:id/members";

  /** Most members one list answers. */
  public static final int MAX_MEMBERS = 500;

  private final TenantWork work;
  private final MemberStore store;
  private final BearerAuthHandler auth;

  public MemberRoutes(TenantWork work, MemberStore store, BearerAuthHandler auth) {
    this.work = work;
    this.store = store;
    this.auth = auth;
  }

  /** Adds the routes to {@code router}. */
  public void mount(Router router) {
    RoleCheck admin = RoleCheck.requireAny(Role.ADMIN);
    router
        .put(PATH + "/:userId")
        .handler(auth)
        .handler(admin)
        .handler(ResourceHandlers.member(work, store::add));
    router
        .delete(PATH + "/:userId")
        .handler(auth)
        .handler(admin)
        .handler(ResourceHandlers.member(work, store::remove));
    router
        .get(PATH)
        .handler(auth)
        .handler(RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE))
        .handler(this::list);
  }

  private void list(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID inbox = Uuids.parse("id", ctx.pathParam("id"));
          return work.read(caller, tx -> store.list(tx, inbox, MAX_MEMBERS))
              .map(
                  users -> {
                    JsonArray items = new JsonArray();
                    users.forEach(user -> items.add(user.toJson()));
                    return ApiResponse.ok(new JsonObject().put("items", items));
                  });
        });
  }
}
