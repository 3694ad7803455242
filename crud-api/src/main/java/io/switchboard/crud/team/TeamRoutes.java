package io.switchboard.crud.team;

import io.switchboard.crud.http.ApiResponse;
import io.switchboard.crud.http.ETags;
import io.switchboard.crud.http.Requests;
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
    router.post(PATH).handler(auth).handler(admin).handler(this::create);
    router.get(PATH).handler(auth).handler(staff).handler(this::list);
    router.get(PATH + "/:id").handler(auth).handler(staff).handler(this::get);
    router.patch(PATH + "/:id").handler(auth).handler(admin).handler(this::patch);
    router.delete(PATH + "/:id").handler(auth).handler(admin).handler(this::delete);
    router.put(PATH + "/:id/members/:userId").handler(auth).handler(admin).handler(this::add);
    router.delete(PATH + "/:id/members/:userId").handler(auth).handler(admin).handler(this::remove);
  }

  private void create(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          String name = TeamInputs.name(ctx.body().buffer());
          return work.write(
              caller,
              Requests.idempotencyKey(ctx),
              Requests.requestHash(ctx),
              tx ->
                  store
                      .create(tx, caller, name)
                      .map(t -> ApiResponse.created(t.toJson(), t.version())));
        });
  }

  private void get(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID id = Uuids.parse("id", ctx.pathParam("id"));
          return work.read(caller, tx -> store.find(tx, id))
              .map(t -> ApiResponse.ok(t.toJson(), t.version()));
        });
  }

  private void patch(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID id = Uuids.parse("id", ctx.pathParam("id"));
          long version = ETags.requiredVersion(ctx.request().getHeader(ETags.IF_MATCH));
          String name = TeamInputs.name(ctx.body().buffer());
          return work.write(caller, tx -> store.rename(tx, caller, id, version, name))
              .map(t -> ApiResponse.ok(t.toJson(), t.version()));
        });
  }

  private void delete(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID id = Uuids.parse("id", ctx.pathParam("id"));
          return work.write(caller, tx -> store.delete(tx, caller, id))
              .map(done -> ApiResponse.noContent());
        });
  }

  private void add(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID team = Uuids.parse("id", ctx.pathParam("id"));
          UUID user = Uuids.parse("user_id", ctx.pathParam("userId"));
          return work.write(caller, tx -> store.addMember(tx, caller, team, user))
              .map(done -> ApiResponse.noContent());
        });
  }

  private void remove(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID team = Uuids.parse("id", ctx.pathParam("id"));
          UUID user = Uuids.parse("user_id", ctx.pathParam("userId"));
          return work.write(caller, tx -> store.removeMember(tx, caller, team, user))
              .map(done -> ApiResponse.noContent());
        });
  }

  private void list(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          TeamInputs.ListQuery query = TeamInputs.list(ctx.queryParams());
          return work.read(caller, tx -> store.list(tx, query))
              .map(
                  page -> {
                    JsonArray items = new JsonArray();
                    page.items().forEach(t -> items.add(t.toJson()));
                    return ApiResponse.ok(
                        new JsonObject()
                            .put("items", items)
                            .put("next_cursor", page.next() == null ? null : page.next().encode()));
                  });
        });
  }
}
