package io.switchboard.platform.crud;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.bus.CrudAddresses;
import io.switchboard.platform.error.Conflict;
import io.switchboard.platform.error.Forbidden;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.error.PreconditionFailed;
import io.switchboard.platform.error.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Every role's way to tenant data: request/reply to the crud role over the (clustered) event bus,
 * as the given caller, so crud-api's visibility rules decide what the caller may see. Failures are
 * the platform's typed errors carrying crud-api's message ({@link NotFound}, {@link Forbidden},
 * {@link Invalid}, {@link Conflict}, {@link PreconditionFailed}; {@link Unavailable} when no crud
 * role answers in time or it failed unexpectedly); each protocol maps them where it maps the rest.
 * On a node that runs the crud role too, requests stay on the node: the clustered bus would
 * otherwise hand them round-robin to every node's crud consumers, and those in flight to a node
 * that dies wait out the whole timeout.
 */
public final class CrudClient {

  /** How long a request waits for the crud role before it is {@link Unavailable}. */
  public static final long TIMEOUT_MS = 10_000;

  private static final int BAD_REQUEST = 400;
  private static final int FORBIDDEN = 403;
  private static final int NOT_FOUND = 404;
  private static final int CONFLICT = 409;
  private static final int PRECONDITION_FAILED = 412;
  private static final int LAST_CLIENT_ERROR = 499;

  private final EventBus bus;
  private final boolean localCrud;

  /**
   * @param localCrud whether this node runs the crud role, so requests need not leave it
   */
  public CrudClient(EventBus bus, boolean localCrud) {
    this.bus = bus;
    this.localCrud = localCrud;
  }

  /** The conversation if the caller may see it; else {@link NotFound}. */
  public Future<JsonObject> conversation(Caller caller, String id) {
    return request(CrudAddresses.CONVERSATION_GET, caller, new JsonObject().put("id", id));
  }

  /** The inbox if the caller may follow it; else {@link NotFound}. */
  public Future<JsonObject> inbox(Caller caller, String id) {
    return request(CrudAddresses.INBOX_GET, caller, new JsonObject().put("id", id));
  }

  /** Stores a message; replies {@code {"created", "message"}}. */
  public Future<JsonObject> append(
      Caller caller, String conversationId, String body, boolean isPrivate, String clientId) {
    JsonObject request =
        new JsonObject()
            .put("conversation_id", conversationId)
            .put("body", body)
            .put("private", isPrivate);
    if (clientId != null) {
      request.put("client_message_id", clientId);
    }
    return request(CrudAddresses.MESSAGE_APPEND, caller, request);
  }

  /**
   * A page of messages: after {@code afterOffset} oldest first when it is 0 or more, else before
   * {@code beforeOffset} newest first (the newest when that is negative too); replies {@code
   * {"messages", "last_offset"}}.
   */
  public Future<JsonObject> messages(
      Caller caller, String conversationId, long afterOffset, long beforeOffset, int limit) {
    JsonObject request =
        new JsonObject().put("conversation_id", conversationId).put("limit", limit);
    if (afterOffset >= 0) {
      request.put("after_offset", afterOffset);
    } else if (beforeOffset > 0) {
      request.put("before_offset", beforeOffset);
    }
    return request(CrudAddresses.MESSAGE_LIST, caller, request);
  }

  /**
   * Starts a ringing call, {@code direction} {@code inbound} or {@code outbound}, in {@code
   * conversationId} when that is not null; replies with the call as the REST API renders it.
   */
  public Future<JsonObject> createCall(Caller caller, String direction, String conversationId) {
    JsonObject request = new JsonObject().put("direction", direction);
    if (conversationId != null) {
      request.put("conversation_id", conversationId);
    }
    return request(CrudAddresses.CALL_CREATE, caller, request);
  }

  /** The call {@code id} of the caller's tenant; else {@link NotFound}. */
  public Future<JsonObject> call(Caller caller, String id) {
    return request(CrudAddresses.CALL_GET, caller, new JsonObject().put("id", id));
  }

  /**
   * Moves the call forward to {@code state} and/or sets its {@code recordingRef}, each left as it
   * is when null; a backward move is {@link Conflict}. Replies with the updated call.
   */
  public Future<JsonObject> updateCall(
      Caller caller, String id, String state, String recordingRef) {
    JsonObject request = new JsonObject().put("id", id);
    if (state != null) {
      request.put("state", state);
    }
    if (recordingRef != null) {
      request.put("recording_ref", recordingRef);
    }
    return request(CrudAddresses.CALL_UPDATE, caller, request);
  }

  /**
   * Appends {@code segments} ({@code [{"speaker", "text", "startMs", "endMs"}]}) to the call's
   * transcript; replies with the call.
   */
  public Future<JsonObject> appendTranscript(Caller caller, String id, JsonArray segments) {
    return request(
        CrudAddresses.CALL_TRANSCRIPT,
        caller,
        new JsonObject().put("id", id).put("segments", segments));
  }

  /** The caller's tenant, with its {@code settings} and {@code modules}. */
  public Future<JsonObject> tenant(Caller caller) {
    return request(CrudAddresses.TENANT_GET, caller, new JsonObject());
  }

  /**
   * Changes the conversation {@code id} as a trusted role: {@code changes} holds any of {@code
   * add_labels}, {@code priority}, {@code status}, {@code team_id}, {@code inbox_id} and {@code
   * handoff}; replies with the conversation.
   */
  public Future<JsonObject> updateConversation(Caller caller, String id, JsonObject changes) {
    return request(CrudAddresses.CONVERSATION_UPDATE, caller, changes.copy().put("id", id));
  }

  /** The contact {@code id} of the caller's tenant; else {@link NotFound}. */
  public Future<JsonObject> contact(Caller caller, String id) {
    return request(CrudAddresses.CONTACT_GET, caller, new JsonObject().put("id", id));
  }

  /** Opens a ticket ({@code subject}, {@code priority}?, {@code conversation_id}?). */
  public Future<JsonObject> createTicket(Caller caller, JsonObject ticket) {
    return request(CrudAddresses.TICKET_CREATE, caller, ticket.copy());
  }

  /** The tenant's published knowledge-base articles: {@code {"articles": [...]}}. */
  public Future<JsonObject> publishedArticles(Caller caller) {
    return request(CrudAddresses.KB_PUBLISHED, caller, new JsonObject());
  }

  /** The tenant's stored knowledge-base chunks for {@code model}: {@code {"chunks": [...]}}. */
  public Future<JsonObject> knowledgeChunks(Caller caller, String model) {
    return request(CrudAddresses.KB_CHUNKS_LIST, caller, new JsonObject().put("model", model));
  }

  /**
   * The chunks nearest to a vector ({@code model}, {@code embedding}, {@code limit}, {@code
   * also}?), where the database has pgvector; replies {@code {"chunks": [{"article_id", "chunk_no",
   * "similarity"}]}}.
   */
  public Future<JsonObject> nearestKnowledgeChunks(Caller caller, JsonObject search) {
    return request(CrudAddresses.KB_CHUNKS_NEAREST, caller, search.copy());
  }

  /**
   * Replaces one article's chunks for one model ({@code article_id}, {@code article_version},
   * {@code model}, {@code chunks}); replies {@code {"stored": n}}.
   */
  public Future<JsonObject> replaceKnowledgeChunks(Caller caller, JsonObject chunks) {
    return request(CrudAddresses.KB_CHUNKS_REPLACE, caller, chunks.copy());
  }

  /** Records one AI turn for the tenant's audit; replies {@code {"id"}}. */
  public Future<JsonObject> recordAiTurn(Caller caller, JsonObject turn) {
    return request(CrudAddresses.AI_TURN_RECORD, caller, turn.copy());
  }

  private Future<JsonObject> request(String address, Caller caller, JsonObject body) {
    JsonArray roles = new JsonArray();
    caller.roles().forEach(role -> roles.add(role.wireName()));
    body.put("tenant", caller.tenantId())
        .put("actor", new JsonObject().put("user", caller.userId()).put("roles", roles));
    DeliveryOptions options =
        new DeliveryOptions().setSendTimeout(TIMEOUT_MS).setLocalOnly(localCrud);
    return bus.<JsonObject>request(address, body, options)
        .map(reply -> reply.body())
        .recover(failure -> Future.failedFuture(typed(failure)));
  }

  /** The typed error a failed request stands for; crud-api's failure code is an HTTP status. */
  static RuntimeException typed(Throwable failure) {
    if (!(failure instanceof ReplyException reply)
        || reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      // No crud role in the cluster, or it did not answer in time: worth retrying.
      return new Unavailable("tenant data unavailable");
    }
    String message = reply.getMessage();
    return switch (reply.failureCode()) {
      case NOT_FOUND -> new NotFound(message);
      case FORBIDDEN -> new Forbidden(message);
      case CONFLICT -> new Conflict(message);
      case PRECONDITION_FAILED -> new PreconditionFailed(message);
      default ->
          reply.failureCode() >= BAD_REQUEST && reply.failureCode() <= LAST_CLIENT_ERROR
              ? new Invalid(message)
              : new Unavailable("tenant data unavailable");
    };
  }
}
