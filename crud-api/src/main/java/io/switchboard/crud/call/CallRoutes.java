package io.switchboard.crud.call;

import io.switchboard.crud.http.ApiResponse;
import io.switchboard.crud.http.Requests;
import io.switchboard.crud.http.ResourceHandlers;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.http.Uuids;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * REST resource {@code /api/v1/calls}, for staff and services: customers get 403 on every route.
 *
 * <ul>
 *   <li>{@code POST} starts one, ringing ({@code direction}, {@code conversation_id?}); honours
 *       {@code Idempotency-Key}.
 *   <li>{@code GET /{id}} answers it with its ETag.
 *   <li>{@code PATCH /{id}} moves the state forward and sets {@code recording_ref}; it requires
 *       {@code If-Match} (412 when missing or stale); a backward move is 409.
 *   <li>{@code POST /{id}/transcript} appends {@code segments} and answers the call.
 *   <li>{@code GET} lists by {@code (updated_at, id)} with {@code limit}, {@code cursor} and filter
 *       {@code state}.
 * </ul>
 */
public final class CallRoutes {

  /** Path of the collection. */
  public static final String PATH = "/api/v1/calls";

  private final TenantWork work;
  private final CallStore store;
  private final BearerAuthHandler auth;

  public CallRoutes(TenantWork work, CallStore store, BearerAuthHandler auth) {
    this.work = work;
    this.store = store;
    this.auth = auth;
  }

  /** Adds the routes to {@code router}. */
  public void mount(Router router) {
    RoleCheck staff = RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE);
    router
        .post(PATH)
        .handler(auth)
        .handler(staff)
        .handler(ResourceHandlers.create(work, CallInputs::create, store::create));
    router
        .get(PATH)
        .handler(auth)
        .handler(staff)
        .handler(
            ResourceHandlers.list(
                work, CallInputs::list, (tx, caller, query) -> store.list(tx, query)));
    router
        .get(PATH + "/:id")
        .handler(auth)
        .handler(staff)
        .handler(
            ResourceHandlers.get(work, (statements, caller, id) -> store.find(statements, id)));
    router
        .patch(PATH + "/:id")
        .handler(auth)
        .handler(staff)
        .handler(ResourceHandlers.patch(work, CallInputs::change, store::update));
    router.post(PATH + "/:id/transcript").handler(auth).handler(staff).handler(this::transcript);
  }

  private void transcript(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID id = Uuids.parse("id", ctx.pathParam("id"));
          JsonArray segments = CallInputs.segments(ctx.body().buffer());
          return work.write(caller, tx -> store.appendTranscript(tx, caller, id, segments))
              .map(c -> ApiResponse.ok(c.toJson(), c.version()));
        });
  }
}
