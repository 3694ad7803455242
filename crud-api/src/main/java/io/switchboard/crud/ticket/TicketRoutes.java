package io.switchboard.crud.ticket;

import io.switchboard.crud.http.ResourceHandlers;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.ext.web.Router;

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
    router
        .post(PATH)
        .handler(auth)
        .handler(staff)
        .handler(ResourceHandlers.create(work, TicketInputs::create, store::create));
    router
        .get(PATH)
        .handler(auth)
        .handler(staff)
        .handler(
            ResourceHandlers.list(
                work, TicketInputs::list, (tx, caller, query) -> store.list(tx, query)));
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
        .handler(ResourceHandlers.patch(work, TicketInputs::change, store::update));
    router
        .delete(PATH + "/:id")
        .handler(auth)
        .handler(RoleCheck.requireAny(Role.SUPERVISOR, Role.ADMIN))
        .handler(ResourceHandlers.delete(work, store::delete));
  }
}
