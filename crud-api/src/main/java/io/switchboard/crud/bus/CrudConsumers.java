package io.switchboard.crud.bus;

import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.inbox.InboxStore;
import io.switchboard.crud.message.MessageBatcher;
import io.switchboard.crud.message.MessageRoutes;
import io.switchboard.crud.message.MessageStore;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.bus.CrudAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Request/reply consumers through which other modules read conversations and append messages, with
 * the same rules as the REST API. The tenant and actor come from the request, so only trusted
 * modules of the cluster may send here; failures reply with the HTTP status of the error type as
 * the failure code (see {@link BusRequests}).
 */
public final class CrudConsumers {

  private static final Set<String> APPEND_FIELDS =
      Set.of("tenant", "actor", "conversation_id", "body", "private", "client_message_id");

  private static final Set<String> LIST_FIELDS =
      Set.of("tenant", "actor", "conversation_id", "limit", "after_offset", "before_offset");

  /** Most messages one page may hold. */
  private static final int MAX_PAGE = 1000;

  private final TenantWork work;
  private final ConversationStore conversations;
  private final MessageStore messages;
  private final MessageBatcher batcher;
  private final InboxStore inboxes;

  public CrudConsumers(
      TenantWork work,
      ConversationStore conversations,
      MessageStore messages,
      MessageBatcher batcher,
      InboxStore inboxes) {
    this.work = work;
    this.conversations = conversations;
    this.messages = messages;
    this.batcher = batcher;
    this.inboxes = inboxes;
  }

  /** Registers the consumers; the future completes when they are registered. */
  public Future<List<MessageConsumer<JsonObject>>> register(EventBus bus) {
    MessageConsumer<JsonObject> get =
        bus.consumer(
            CrudAddresses.CONVERSATION_GET, msg -> BusRequests.answer(msg, this::getConversation));
    MessageConsumer<JsonObject> append =
        bus.consumer(
            CrudAddresses.MESSAGE_APPEND, msg -> BusRequests.answer(msg, this::appendMessage));
    MessageConsumer<JsonObject> list =
        bus.consumer(
            CrudAddresses.MESSAGE_LIST, msg -> BusRequests.answer(msg, this::listMessages));
    MessageConsumer<JsonObject> inbox =
        bus.consumer(CrudAddresses.INBOX_GET, msg -> BusRequests.answer(msg, this::getInbox));
    return Future.all(
            List.of(get.completion(), append.completion(), list.completion(), inbox.completion()))
        .map(done -> List.of(get, append, list, inbox));
  }

  private Future<JsonObject> getInbox(JsonObject request) {
    Caller caller = BusRequests.caller(request);
    JsonInput in = JsonInput.of(request);
    UUID id = in.uuid("id", true);
    in.check();
    return work.readInOneTrip(caller, statements -> inboxes.findFollowed(statements, caller, id))
        .map(inbox -> inbox.toJson());
  }

  private Future<JsonObject> listMessages(JsonObject request) {
    Caller caller = BusRequests.caller(request);
    JsonInput in = JsonInput.of(request, LIST_FIELDS);
    UUID conversationId = in.uuid("conversation_id", true);
    long limit = number(in, request, "limit", 1, MAX_PAGE, MAX_PAGE);
    long after = number(in, request, "after_offset", 0, Long.MAX_VALUE, -1);
    long before = number(in, request, "before_offset", 1, Long.MAX_VALUE, -1);
    if (after >= 0 && before >= 0) {
      in.reject("before_offset", "must not be given with after_offset");
    }
    in.check();
    // The conversation's newest offset is read before the page: offsets commit in order, so every
    // message up to it is then in the page (when the page is not full), which recovery relies on.
    return work.read(
        caller,
        tx ->
            conversations
                .find(tx, caller, conversationId)
                .compose(
                    conversation ->
                        (after >= 0
                                ? messages.list(tx, caller, conversationId, after, (int) limit)
                                : messages.listBefore(
                                    tx,
                                    caller,
                                    conversationId,
                                    before >= 0 ? before : Long.MAX_VALUE,
                                    (int) limit))
                            .map(page -> reply(page, conversation.lastOffset()))));
  }

  private static JsonObject reply(List<io.switchboard.crud.message.Message> page, long lastOffset) {
    JsonArray out = new JsonArray();
    page.forEach(message -> out.add(message.toJson()));
    return new JsonObject().put("messages", out).put("last_offset", lastOffset);
  }

  /** An integer field in [min, max], or {@code fallback} when absent. */
  private static long number(
      JsonInput in, JsonObject request, String field, long min, long max, long fallback) {
    Object value = request.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n)
        || n.doubleValue() != n.longValue()
        || n.longValue() < min
        || n.longValue() > max) {
      in.reject(field, "must be an integer from " + min + " to " + max);
      return fallback;
    }
    return n.longValue();
  }

  private Future<JsonObject> getConversation(JsonObject request) {
    Caller caller = BusRequests.caller(request);
    JsonInput in = JsonInput.of(request);
    UUID id = in.uuid("id", true);
    in.check();
    // Asked on every subscribe to a conversation: one round trip.
    return work.readInOneTrip(caller, statements -> conversations.find(statements, caller, id))
        .map(conversation -> conversation.toJson());
  }

  private Future<JsonObject> appendMessage(JsonObject request) {
    Caller caller = BusRequests.caller(request);
    JsonInput in = JsonInput.of(request, APPEND_FIELDS);
    UUID conversationId = in.uuid("conversation_id", true);
    MessageStore.NewMessage message = MessageRoutes.newMessage(in);
    return batcher
        .append(caller, conversationId, message)
        .map(
            appended ->
                new JsonObject()
                    .put("created", appended.created())
                    .put("message", appended.message().toJson()));
  }
}
