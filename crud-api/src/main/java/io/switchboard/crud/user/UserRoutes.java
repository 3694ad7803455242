package io.switchboard.crud.user;

import io.switchboard.crud.http.ApiResponse;
import io.switchboard.crud.http.ETags;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.QueryInput;
import io.switchboard.crud.http.Requests;
import io.switchboard.crud.http.ResourceHandlers;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.http.Uuids;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;

/**
 * REST resource {@code /api/v1/users}: admins create ({@code external_id}, {@code name}, {@code
 * email?}, {@code role}), change and delete users; staff read them, and each user may set their own
 * {@code availability}. Changes require {@code If-Match}; a stale one is 412.
 */
public final class UserRoutes {

  /** Path of the collection. */
  public static final String PATH = "/api/v1/users";

  /** Longest name and external id, as the schema allows. */
  public static final int MAX_NAME_LENGTH = 200;

  /** Longest email address, as the schema allows. */
  public static final int MAX_EMAIL_LENGTH = 320;

  /** Most users one list answers, and the default. */
  public static final int MAX_LIMIT = 200;

  /** Roles a user row can have. */
  public static final Set<String> ROLES = Set.of("agent", "supervisor", "admin");

  /** Availabilities a user can set. */
  public static final Set<String> AVAILABILITIES = Set.of("online", "busy", "away", "offline");

  private static final Set<String> CREATE_FIELDS = Set.of("external_id", "name", "email", "role");
  private static final Set<String> CHANGE_FIELDS = Set.of("name", "email", "role", "availability");
  private static final Set<String> LIST_PARAMS = Set.of("limit");

  private final TenantWork work;
  private final UserStore store;
  private final BearerAuthHandler auth;

  public UserRoutes(TenantWork work, UserStore store, BearerAuthHandler auth) {
    this.work = work;
    this.store = store;
    this.auth = auth;
  }

  /** Adds the routes to {@code router}. */
  public void mount(Router router) {
    RoleCheck staff = RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE);
    RoleCheck admin = RoleCheck.requireAny(Role.ADMIN);
    router
        .post(PATH)
        .handler(auth)
        .handler(admin)
        .handler(ResourceHandlers.create(work, UserRoutes::newUser, store::create));
    router.get(PATH).handler(auth).handler(staff).handler(this::list);
    router
        .get(PATH + "/:id")
        .handler(auth)
        .handler(staff)
        .handler(
            ResourceHandlers.get(work, (statements, caller, id) -> store.find(statements, id)));
    router.patch(PATH + "/:id").handler(auth).handler(staff).handler(this::patch);
    router
        .delete(PATH + "/:id")
        .handler(auth)
        .handler(admin)
        .handler(ResourceHandlers.delete(work, store::delete));
  }

  /** The new user in a POST body, checked; the gRPC front reads its requests with it too. */
  public static UserStore.NewUser newUser(Buffer body) {
    JsonInput in = JsonInput.of(body, CREATE_FIELDS);
    UserStore.NewUser created =
        new UserStore.NewUser(
            in.string("external_id", true, MAX_NAME_LENGTH),
            in.string("name", true, MAX_NAME_LENGTH),
            in.string("email", false, MAX_EMAIL_LENGTH),
            in.oneOf("role", true, ROLES));
    in.check();
    return created;
  }

  /** The page size of a list, checked; the gRPC front reads its requests with it too. */
  public static int limit(MultiMap params) {
    QueryInput in = QueryInput.of(params, LIST_PARAMS);
    int limit = (int) in.integer("limit", 1, MAX_LIMIT, MAX_LIMIT);
    in.check();
    return limit;
  }

  /** The change in a PATCH body, checked; the gRPC front reads its requests with it too. */
  public static UserStore.Change change(Buffer body) {
    JsonInput in = JsonInput.of(body, CHANGE_FIELDS);
    // Only email may be cleared; the other columns always have a value.
    Set.of("name", "role", "availability").stream()
        .filter(in::isNull)
        .sorted()
        .forEach(f -> in.reject(f, "must not be null"));
    if (CHANGE_FIELDS.stream().noneMatch(in::has)) {
      in.reject(JsonInput.WHOLE_BODY, "must set at least one of name, email, role, availability");
    }
    UserStore.Change change =
        new UserStore.Change(
            in.string("name", false, MAX_NAME_LENGTH),
            in.has("email"),
            in.string("email", false, MAX_EMAIL_LENGTH),
            in.oneOf("role", false, ROLES),
            in.oneOf("availability", false, AVAILABILITIES));
    in.check();
    return change;
  }

  private void list(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          int limit = limit(ctx.queryParams());
          return work.read(caller, tx -> store.list(tx, limit))
              .map(
                  users -> {
                    JsonArray items = new JsonArray();
                    users.forEach(user -> items.add(user.toJson()));
                    return ApiResponse.ok(new JsonObject().put("items", items));
                  });
        });
  }

  private void patch(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID id = Uuids.parse("id", ctx.pathParam("id"));
          long version = ETags.requiredVersion(ctx.request().getHeader(ETags.IF_MATCH));
          UserStore.Change change = change(ctx.body().buffer());
          boolean manager = caller.has(Role.ADMIN);
          return work.write(caller, tx -> store.update(tx, caller, manager, id, version, change))
              .map(user -> ApiResponse.ok(user.toJson(), user.version()));
        });
  }
}
