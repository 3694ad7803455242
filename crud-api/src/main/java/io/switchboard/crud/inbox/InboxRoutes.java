package io.switchboard.crud.inbox;

import io.switchboard.crud.http.ApiResponse;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.Requests;
import io.switchboard.crud.http.ResourceHandlers;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Set;

/**
 * REST resource {@code /api/v1/inboxes}: admins create inboxes ({@code name}, {@code channel},
 * {@code bot_enabled}) and change their name and bot switch; agents, supervisors, admins and
 * services read them, and list those they follow (agents: the inboxes they are members of).
 */
public final class InboxRoutes {

  /** Path of the collection. */
  public static final String PATH = "/api/v1/inboxes";

  /** Longest inbox name, as the schema allows. */
  public static final int MAX_NAME_LENGTH = 200;

  private static final Set<String> FIELDS = Set.of("name", "channel", "bot_enabled");

  private static final Set<String> CHANGE_FIELDS = Set.of("name", "bot_enabled");

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
    router
        .post(PATH)
        .handler(auth)
        .handler(RoleCheck.requireAny(Role.ADMIN))
        .handler(
            ResourceHandlers.create(
                work,
                InboxRoutes::newInbox,
                (tx, caller, created) -> store.create(tx, caller, created)));
    router
        .get(PATH)
        .handler(auth)
        .handler(RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE))
        .handler(
            ctx ->
                Requests.answer(
                    ctx,
                    caller ->
                        work.read(caller, tx -> store.followed(tx, caller))
                            .map(
                                inboxes -> {
                                  JsonArray items = new JsonArray();
                                  inboxes.forEach(inbox -> items.add(inbox.toJson()));
                                  return ApiResponse.ok(new JsonObject().put("items", items));
                                })));
    router
        .get(PATH + "/:id")
        .handler(auth)
        .handler(RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE))
        .handler(
            ResourceHandlers.get(work, (statements, caller, id) -> store.find(statements, id)));
    router
        .patch(PATH + "/:id")
        .handler(auth)
        .handler(RoleCheck.requireAny(Role.ADMIN))
        .handler(ResourceHandlers.patch(work, InboxRoutes::change, store::update));
  }

  /**
   * A new inbox.
   *
   * @param name its name
   * @param channel chat or voice
   * @param botEnabled whether the AI agent answers its chat conversations
   */
  public record NewInbox(String name, String channel, boolean botEnabled) {}

  /**
   * A change of an inbox; null fields stay as they are.
   *
   * @param name its new name, or null
   * @param botEnabled the new bot switch, or null
   */
  public record InboxChange(String name, Boolean botEnabled) {}

  /** The change in a PATCH body, checked. */
  static InboxChange change(Buffer body) {
    JsonInput in = JsonInput.of(body, CHANGE_FIELDS);
    InboxChange change =
        new InboxChange(
            in.string("name", false, MAX_NAME_LENGTH),
            in.has("bot_enabled") ? in.bool("bot_enabled", false) : null);
    in.check();
    return change;
  }

  /** The new inbox in a POST body, checked; the gRPC front reads its requests with it too. */
  public static NewInbox newInbox(Buffer body) {
    JsonInput in = JsonInput.of(body, FIELDS);
    NewInbox created =
        new NewInbox(
            in.string("name", true, MAX_NAME_LENGTH),
            in.oneOf("channel", true, Set.of("chat", "voice")),
            in.bool("bot_enabled", false));
    in.check();
    return created;
  }
}
