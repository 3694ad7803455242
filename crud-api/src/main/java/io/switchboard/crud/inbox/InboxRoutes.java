package io.switchboard.crud.inbox;

import io.switchboard.crud.http.ApiResponse;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.Requests;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.http.Uuids;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;

/**
 * REST resource {@code /api/v1/inboxes}: admins create inboxes ({@code name}, {@code channel});
 * agents, supervisors, admins and services read them.
 */
public final class InboxRoutes {

  /** Path of the collection. */
  public static final String PATH = "/api/v1/inboxes";

  /** Longest inbox name, as the schema allows. */
  public static final int MAX_NAME_LENGTH = 200;

  private static final Set<String> FIELDS = Set.of("name", "channel");

  private final TenantWork work;
  private final InboxStore store;
  private final BearerAuthHandler auth;

  public InboxRoutes(TenantWork work, InboxStore store, BearerAuthHandler auth) {
    this.work = work;
    this.store = store;
    this.auth = auth;
  }

  /** Adds the routes to {@code router}. */
  public void mount(Router router) {
    router.post(PATH).handler(auth).handler(RoleCheck.requireAny(Role.ADMIN)).handler(this::create);
    router
        .get(PATH + "/:id")
        .handler(auth)
        .handler(RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE))
        .handler(this::get);
  }

  private void create(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          JsonInput in = JsonInput.of(ctx.body().buffer(), FIELDS);
          String name = in.string("name", true, MAX_NAME_LENGTH);
          String channel = in.oneOf("channel", true, Set.of("chat", "voice"));
          in.check();
          return work.write(
              caller,
              Requests.idempotencyKey(ctx),
              Requests.requestHash(ctx),
              tx ->
                  store
                      .create(tx, caller, name, channel)
                      .map(inbox -> ApiResponse.created(inbox.toJson(), inbox.version())));
        });
  }

  private void get(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID id = Uuids.parse("id", ctx.pathParam("id"));
          return work.read(caller, tx -> store.find(tx, id))
              .map(inbox -> ApiResponse.ok(inbox.toJson(), inbox.version()));
        });
  }
}
