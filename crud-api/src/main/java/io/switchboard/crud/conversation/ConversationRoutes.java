package io.switchboard.crud.conversation;

import io.switchboard.crud.http.ApiResponse;
import io.switchboard.crud.http.Requests;
import io.switchboard.crud.http.ResourceHandlers;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.http.Uuids;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * REST resource {@code /api/v1/conversations}.
 *
 * <ul>
 *   <li>{@code POST} creates one (status {@code open}); answers 201 with {@code ETag: "<version>"}.
 *       Customers may only create one for their own contact. Honours {@code Idempotency-Key}.
 *   <li>{@code GET /{id}} answers it with its ETag, or 404 when the caller may not see it.
 *   <li>{@code PATCH /{id}} changes status, priority, labels, assignee_id and team_id. It requires
 *       {@code If-Match: "<version>"}: a missing If-Match is 412 (not 428, so that clients handle
 *       one status for every failed precondition), a stale one is 412 as well. Not for customers.
 *   <li>{@code POST /{id}/read} with {@code {"offset"}}: staff have read it up to there, which
 *       resets its unread count. Not for customers.
 *   <li>{@code DELETE /{id}} for supervisors and admins: 204.
 *   <li>{@code GET} lists by {@code updated_at} ({@code sort=asc|desc}), {@code limit} 1..100
 *       (default 25), filters {@code status}, {@code assignee_id}, {@code inbox_id}, {@code label},
 *       {@code updated_since}; {@code next_cursor} is passed back as {@code cursor}.
 * </ul>
 */
public final class ConversationRoutes {

  /** Path of the collection. */
  public static final String PATH = "/api/v1/conversations";

  private final TenantWork work;
  private final ConversationStore store;
  private final BearerAuthHandler auth;

  public ConversationRoutes(TenantWork work, ConversationStore store, BearerAuthHandler auth) {
    this.work = work;
    this.store = store;
    this.auth = auth;
  }

  private void read(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID id = Uuids.parse("id", ctx.pathParam("id"));
          long offset = ConversationInputs.readOffset(ctx.body().buffer());
          return work.write(caller, tx -> store.markRead(tx, caller, id, offset))
              .map(c -> ApiResponse.ok(c.toJson(), c.version()));
        });
  }

  /** Adds the routes to {@code router}. */
  public void mount(Router router) {
    router
        .post(PATH)
        .handler(auth)
        .handler(ResourceHandlers.create(work, ConversationInputs::create, store::create));
    router
        .get(PATH)
        .handler(auth)
        .handler(ResourceHandlers.list(work, ConversationInputs::list, store::list));
    // The agents' console reads a conversation on every change it hears of: one round trip.
    router.get(PATH + "/:id").handler(auth).handler(ResourceHandlers.get(work, store::find));
    router
        .patch(PATH + "/:id")
        .handler(auth)
        .handler(RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE))
        .handler(ResourceHandlers.patch(work, ConversationInputs::change, store::update));
    router
        .post(PATH + "/:id/read")
        .handler(auth)
        .handler(RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE))
        .handler(this::read);
    router
        .delete(PATH + "/:id")
        .handler(auth)
        .handler(RoleCheck.requireAny(Role.SUPERVISOR, Role.ADMIN))
        .handler(ResourceHandlers.delete(work, store::delete));
  }
}
