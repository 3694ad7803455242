package io.switchboard.crud.bus;

import io.switchboard.crud.Addresses;
import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.SqlErrors;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.message.MessageRoutes;
import io.switchboard.crud.message.MessageStore;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.ProblemMapper;
import io.switchboard.platform.error.SwitchboardException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply consumers through which other modules read conversations and append messages, with
 * the same rules as the REST API. The tenant and actor come from the request, so only trusted
 * modules of the cluster may send here; failures reply with the HTTP status of the error type as
 * the failure code (404, 400, 403, 409, ...; 500 for anything unexpected).
 */
public final class CrudConsumers {

  /** Failure code for failures that have no type. */
  public static final int INTERNAL_FAILURE = 500;

  private static final Logger LOG = LoggerFactory.getLogger(CrudConsumers.class);

  private static final Set<String> APPEND_FIELDS =
      Set.of("tenant", "actor", "conversation_id", "body", "private", "client_message_id");

  private final TenantWork work;
  private final ConversationStore conversations;
  private final MessageStore messages;

  public CrudConsumers(TenantWork work, ConversationStore conversations, MessageStore messages) {
    this.work = work;
    this.conversations = conversations;
    this.messages = messages;
  }

  /** Registers the consumers; the future completes when they are registered. */
  public Future<List<MessageConsumer<JsonObject>>> register(EventBus bus) {
    MessageConsumer<JsonObject> get =
        bus.consumer(Addresses.CONVERSATION_GET, msg -> answer(msg, this::getConversation));
    MessageConsumer<JsonObject> append =
        bus.consumer(Addresses.MESSAGE_APPEND, msg -> answer(msg, this::appendMessage));
    return Future.all(get.completion(), append.completion()).map(done -> List.of(get, append));
  }

  private Future<JsonObject> getConversation(JsonObject request) {
    Caller caller = caller(request);
    JsonInput in = JsonInput.of(request);
    UUID id = in.uuid("id", true);
    in.check();
    return work.read(caller, tx -> conversations.find(tx, caller, id))
        .map(conversation -> conversation.toJson());
  }

  private Future<JsonObject> appendMessage(JsonObject request) {
    Caller caller = caller(request);
    JsonInput in = JsonInput.of(request.toBuffer(), APPEND_FIELDS);
    UUID conversationId = in.uuid("conversation_id", true);
    MessageStore.NewMessage message = MessageRoutes.newMessage(in);
    return work.write(caller, tx -> messages.append(tx, caller, conversationId, message))
        .map(
            appended ->
                new JsonObject()
                    .put("created", appended.created())
                    .put("message", appended.message().toJson()));
  }

  private static Caller caller(JsonObject request) {
    if (request == null
        || !(request.getValue("tenant") instanceof String tenant)
        || tenant.isBlank()) {
      throw Invalid.field("tenant", "is required");
    }
    if (!(request.getValue("actor") instanceof JsonObject actor)
        || !(actor.getValue("user") instanceof String user)
        || user.isBlank()
        || !(actor.getValue("roles") instanceof JsonArray roleNames)) {
      throw Invalid.field("actor", "must be {\"user\": \"...\", \"roles\": [...]}");
    }
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    try {
      roleNames.forEach(name -> roles.add(Role.parse(String.valueOf(name))));
    } catch (IllegalArgumentException e) {
      throw Invalid.field("actor.roles", e.getMessage());
    }
    return new Caller(tenant, user, roles, Instant.now());
  }

  private static void answer(
      Message<JsonObject> msg, Function<JsonObject, Future<JsonObject>> handler) {
    Future<JsonObject> result;
    try {
      result = handler.apply(msg.body());
    } catch (RuntimeException refused) {
      result = Future.failedFuture(refused);
    }
    result.onComplete(
        done -> {
          if (done.succeeded()) {
            msg.reply(done.result());
            return;
          }
          Throwable failure = SqlErrors.translate(done.cause());
          if (failure instanceof SwitchboardException known) {
            msg.fail(ProblemMapper.status(known), known.detail());
          } else {
            LOG.error("Unhandled failure on {}", msg.address(), failure);
            msg.fail(INTERNAL_FAILURE, "internal error");
          }
        });
  }
}
