package io.switchboard.crud.kb;

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
    router.post(PATH).handler(auth).handler(editors).handler(this::create);
    router.get(PATH).handler(auth).handler(readers).handler(this::list);
    router.get(PATH + "/:id").handler(auth).handler(readers).handler(this::get);
    router.patch(PATH + "/:id").handler(auth).handler(editors).handler(this::patch);
    router.delete(PATH + "/:id").handler(auth).handler(editors).handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          KbArticleInputs.Fields created = KbArticleInputs.create(ctx.body().buffer());
          return work.write(
              caller,
              Requests.idempotencyKey(ctx),
              Requests.requestHash(ctx),
              tx ->
                  store
                      .create(tx, caller, created)
                      .map(a -> ApiResponse.created(a.toJson(), a.version())));
        });
  }

  private void get(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID id = Uuids.parse("id", ctx.pathParam("id"));
          return work.read(caller, tx -> store.find(tx, caller, id))
              .map(a -> ApiResponse.ok(a.toJson(), a.version()));
        });
  }

  private void patch(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID id = Uuids.parse("id", ctx.pathParam("id"));
          long version = ETags.requiredVersion(ctx.request().getHeader(ETags.IF_MATCH));
          KbArticleInputs.Fields change = KbArticleInputs.change(ctx.body().buffer());
          return work.write(caller, tx -> store.update(tx, caller, id, version, change))
              .map(a -> ApiResponse.ok(a.toJson(), a.version()));
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
          KbArticleInputs.ListQuery query = KbArticleInputs.list(ctx.queryParams());
          return work.read(caller, tx -> store.list(tx, caller, query))
              .map(
                  page -> {
                    JsonArray items = new JsonArray();
                    page.items().forEach(a -> items.add(a.toJson()));
                    return ApiResponse.ok(
                        new JsonObject()
                            .put("items", items)
                            .put("next_cursor", page.next() == null ? null : page.next().encode()));
                  });
        });
  }
}
