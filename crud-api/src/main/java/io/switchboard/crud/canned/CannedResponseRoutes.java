package io.switchboard.crud.canned;

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
    router.post(PATH).handler(auth).handler(editors).handler(this::create);
    router.get(PATH).handler(auth).handler(staff).handler(this::list);
    router.get(PATH + "/:id").handler(auth).handler(staff).handler(this::get);
    router.patch(PATH + "/:id").handler(auth).handler(editors).handler(this::patch);
    router.delete(PATH + "/:id").handler(auth).handler(editors).handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          CannedResponseInputs.Fields created = CannedResponseInputs.create(ctx.body().buffer());
          return work.write(
              caller,
              Requests.idempotencyKey(ctx),
              Requests.requestHash(ctx),
              tx ->
                  store
                      .create(tx, caller, created)
                      .map(c -> ApiResponse.created(c.toJson(), c.version())));
        });
  }

  private void get(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID id = Uuids.parse("id", ctx.pathParam("id"));
          return work.read(caller, tx -> store.find(tx, id))
              .map(c -> ApiResponse.ok(c.toJson(), c.version()));
        });
  }

  private void patch(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID id = Uuids.parse("id", ctx.pathParam("id"));
          long version = ETags.requiredVersion(ctx.request().getHeader(ETags.IF_MATCH));
          CannedResponseInputs.Fields change = CannedResponseInputs.change(ctx.body().buffer());
          return work.write(caller, tx -> store.update(tx, caller, id, version, change))
              .map(c -> ApiResponse.ok(c.toJson(), c.version()));
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

  private void list(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          CannedResponseInputs.ListQuery query = CannedResponseInputs.list(ctx.queryParams());
          return work.read(caller, tx -> store.list(tx, query))
              .map(
                  page -> {
                    JsonArray items = new JsonArray();
                    page.items().forEach(c -> items.add(c.toJson()));
                    return ApiResponse.ok(
                        new JsonObject()
                            .put("items", items)
                            .put("next_cursor", page.next() == null ? null : page.next().encode()));
                  });
        });
  }
}
