package io.switchboard.crud.tenant;

import io.switchboard.crud.http.ApiResponse;
import io.switchboard.crud.http.ETags;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.Requests;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * REST resource {@code /api/v1/tenant}: staff read the caller's tenant; admins change its {@code
 * name}, {@code settings} and {@code modules} with {@code If-Match}, a stale one being 412.
 */
public final class TenantRoutes {

  /** Path of the resource. */
  public static final String PATH = "/api/v1/tenant";

  /** Longest tenant name, as the schema allows. */
  public static final int MAX_NAME_LENGTH = 200;

  /** Largest settings object, encoded: settings are configuration, not a document store. */
  public static final int MAX_SETTINGS_BYTES = 16 * 1024;

  private static final Set<String> FIELDS = Set.of("name", "settings", "modules");

  private final TenantWork work;
  private final TenantStore store;
  private final BearerAuthHandler auth;

  public TenantRoutes(TenantWork work, TenantStore store, BearerAuthHandler auth) {
    this.work = work;
    this.store = store;
    this.auth = auth;
  }

  /** Adds the routes to {@code router}. */
  public void mount(Router router) {
    router
        .get(PATH)
        .handler(auth)
        .handler(RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE))
        .handler(this::get);
    router.patch(PATH).handler(auth).handler(RoleCheck.requireAny(Role.ADMIN)).handler(this::patch);
  }

  private void get(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller ->
            work.read(caller, tx -> store.find(tx, caller.tenantId()))
                .map(tenant -> ApiResponse.ok(tenant.toJson(), tenant.version())));
  }

  private void patch(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          long version = ETags.requiredVersion(ctx.request().getHeader(ETags.IF_MATCH));
          TenantStore.Change change = change(ctx.body().buffer());
          return work.write(caller, tx -> store.update(tx, caller, version, change))
              .map(tenant -> ApiResponse.ok(tenant.toJson(), tenant.version()));
        });
  }

  /** The change in a PATCH body, checked; the gRPC front reads its requests with it too. */
  public static TenantStore.Change change(Buffer body) {
    JsonInput in = JsonInput.of(body, FIELDS);
    FIELDS.stream().filter(in::isNull).sorted().forEach(f -> in.reject(f, "must not be null"));
    String name = in.string("name", false, MAX_NAME_LENGTH);
    JsonObject settings = in.object("settings", false, MAX_SETTINGS_BYTES);
    List<String> modules = in.strings("modules", Modules.ALL.size(), MAX_NAME_LENGTH);
    if (modules != null && !Modules.ALL.containsAll(modules)) {
      in.reject("modules", "items must be among " + String.join(", ", Modules.ALL));
      modules = null;
    }
    in.check();
    return new TenantStore.Change(name, settings, modules);
  }
}
