package io.switchboard.crud.ticket;

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
 * REST resource {@code /api/v1/tickets}, internal to staff: customers get 403 on every route.
 *
 * <ul>
 *   <li>{@code POST} creates one (status {@code open}; {@code subject}, {@code priority?}, {@code
 *       sla_due_at?}, {@code assignee_id?}, {@code conversation_id?}); honours {@code
 *       Idempotency-Key}. An assignee or conversation of another tenant is 400 on that field.
 *   <li>{@code GET /{id}} answers it with its ETag.
 *   <li>{@code PATCH /{id}} changes status, priority, sla_due_at and assignee_id; it requires
 *       {@code If-Match}, and a missing or stale one is 412.
 *   <li>{@code DELETE /{id}} for supervisors and admins: 204.
 *   <li>{@code GET} lists by {@code (updated_at, id)} with {@code limit}, {@code cursor}, {@code
 *       sort} and filters {@code status}, {@code assignee_id}, {@code priority} and {@code overdue}
 *       (past {@code sla_due_at} and neither solved nor closed).
 * </ul>
 */
public final class TicketRoutes {

  /** Path of the collection. */
  public static final String PATH = "/api/v1/tickets";

  private final TenantWork work;
  private final TicketStore store;
  private final BearerAuthHandler auth;

  public TicketRoutes(TenantWork work, TicketStore store, BearerAuthHandler auth) {
    this.work = work;
    this.store = store;
    this.auth = auth;
  }

  /** Adds the routes to {@code router}. */
  public void mount(Router router) {
    RoleCheck staff = RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE);
    router.post(PATH).handler(auth).handler(staff).handler(this::create);
    router.get(PATH).handler(auth).handler(staff).handler(this::list);
    router.get(PATH + "/:id").handler(auth).handler(staff).handler(this::get);
    router.patch(PATH + "/:id").handler(auth).handler(staff).handler(this::patch);
    router
        .delete(PATH + "/:id")
        .handler(auth)
        .handler(RoleCheck.requireAny(Role.SUPERVISOR, Role.ADMIN))
        .handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          TicketInputs.NewTicket created = TicketInputs.create(ctx.body().buffer());
          return work.write(
              caller,
              Requests.idempotencyKey(ctx),
              Requests.requestHash(ctx),
              tx ->
                  store
                      .create(tx, caller, created)
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
          TicketInputs.Change change = TicketInputs.change(ctx.body().buffer());
          return work.write(caller, tx -> store.update(tx, caller, id, version, change))
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

  private void list(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          TicketInputs.ListQuery query = TicketInputs.list(ctx.queryParams());
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
