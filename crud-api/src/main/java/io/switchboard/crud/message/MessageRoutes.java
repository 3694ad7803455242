package io.switchboard.crud.message;

import io.switchboard.crud.conversation.ConversationRoutes;
import io.switchboard.crud.http.ApiResponse;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.QueryInput;
import io.switchboard.crud.http.Requests;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.http.Uuids;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;

/**
 * REST resource {@code /api/v1/conversations/{id}/messages}: {@code POST} appends ({@code body},
 * {@code private?}, {@code client_message_id?}) with 201, or 200 with the stored message when the
 * author already sent that {@code client_message_id}; {@code GET ?after_offset=&limit=} lists by
 * offset. Customers can neither write nor read private notes; an invisible conversation is 404.
 */
public final class MessageRoutes {

  /** Path of the collection. */
  public static final String PATH = ConversationRoutes.PATH + "/:id/messages";

  /** Longest message body, as the schema allows. */
  public static final int MAX_BODY_LENGTH = 10_000;

  /** Longest client message id, as the schema allows. */
  public static final int MAX_CLIENT_ID_LENGTH = 100;

  /** Page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 50;

  /** Largest page. */
  public static final int MAX_LIMIT = 200;

  private static final Set<String> FIELDS = Set.of("body", "private", "client_message_id");
  private static final Set<String> LIST_PARAMS = Set.of("after_offset", "before_offset", "limit");

  private final TenantWork work;
  private final MessageStore store;
  private final MessageBatcher batcher;
  private final BearerAuthHandler auth;

  public MessageRoutes(
      TenantWork work, MessageStore store, MessageBatcher batcher, BearerAuthHandler auth) {
    this.work = work;
    this.store = store;
    this.batcher = batcher;
    this.auth = auth;
  }

  /** Adds the routes to {@code router}. */
  public void mount(Router router) {
    router.post(PATH).handler(auth).handler(this::append);
    router.get(PATH).handler(auth).handler(this::list);
  }

  /** The message in a request body or bus message, checked against the limits above. */
  public static MessageStore.NewMessage newMessage(JsonInput in) {
    MessageStore.NewMessage message =
        new MessageStore.NewMessage(
            in.string("body", true, MAX_BODY_LENGTH),
            in.bool("private", false),
            in.string("client_message_id", false, MAX_CLIENT_ID_LENGTH));
    in.check();
    return message;
  }

  private void append(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID id = Uuids.parse("id", ctx.pathParam("id"));
          MessageStore.NewMessage message = newMessage(JsonInput.of(ctx.body().buffer(), FIELDS));
          String idempotencyKey = Requests.idempotencyKey(ctx);
          if (idempotencyKey == null) {
            // The common case goes with others in one transaction.
            return batcher.append(caller, id, message).map(MessageRoutes::answer);
          }
          return work.write(
              caller,
              idempotencyKey,
              Requests.requestHash(ctx),
              tx -> store.append(tx, caller, id, message).map(MessageRoutes::answer));
        });
  }

  private static ApiResponse answer(MessageStore.Appended appended) {
    return appended.created()
        ? ApiResponse.created(appended.message().toJson())
        : ApiResponse.ok(appended.message().toJson());
  }

  private void list(RoutingContext ctx) {
    Requests.answer(
        ctx,
        caller -> {
          UUID id = Uuids.parse("id", ctx.pathParam("id"));
          QueryInput in = QueryInput.of(ctx.queryParams(), LIST_PARAMS);
          long after = in.integer("after_offset", 0, Long.MAX_VALUE, 0);
          long before = in.integer("before_offset", 1, Long.MAX_VALUE, 0);
          int limit = (int) in.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
          if (ctx.queryParams().contains("after_offset") && before > 0) {
            in.reject("before_offset", "cannot be given with after_offset");
          }
          in.check();
          // Newest first when paging back (a console scrolling up), oldest first otherwise.
          return work.read(
                  caller,
                  tx ->
                      before > 0
                          ? store.listBefore(tx, caller, id, before, limit)
                          : store.list(tx, caller, id, after, limit))
              .map(
                  messages -> {
                    JsonArray items = new JsonArray();
                    messages.forEach(m -> items.add(m.toJson()));
                    return ApiResponse.ok(new JsonObject().put("items", items));
                  });
        });
  }
}
