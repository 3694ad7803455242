package io.switchboard.hub.crud;

import io.switchboard.hub.protocol.ErrorCode;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.bus.CrudAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The hub's way to tenant data: request/reply to the crud role over the (clustered) event bus, as
 * the connected caller, so crud-api's visibility rules decide what the hub may show. Failures come
 * back as the reply errors a client should see. On a node that runs the crud role too, requests
 * stay on the node: the clustered bus would otherwise hand them round-robin to every node's crud
 * consumers, and those in flight to a node that dies wait out the whole timeout.
 */
public final class CrudClient {

  private static final long TIMEOUT_MS = 10_000;
  private static final int NOT_FOUND = 404;
  private static final int BAD_REQUEST = 400;
  private static final int FORBIDDEN = 403;

  private final EventBus bus;
  private final boolean localCrud;

  /**
   * @param localCrud whether this node runs the crud role, so requests need not leave it
   */
  public CrudClient(EventBus bus, boolean localCrud) {
    this.bus = bus;
    this.localCrud = localCrud;
  }

  /** The conversation if the caller may see it; else permission denied. */
  public Future<JsonObject> conversation(Caller caller, String id) {
    return request(CrudAddresses.CONVERSATION_GET, caller, new JsonObject().put("id", id));
  }

  /** The inbox if the caller may follow it; else permission denied. */
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

  private Future<JsonObject> request(String address, Caller caller, JsonObject body) {
    JsonArray roles = new JsonArray();
    caller.roles().forEach(role -> roles.add(role.wireName()));
    body.put("tenant", caller.tenantId())
        .put("actor", new JsonObject().put("user", caller.userId()).put("roles", roles));
    DeliveryOptions options =
        new DeliveryOptions().setSendTimeout(TIMEOUT_MS).setLocalOnly(localCrud);
    return bus.<JsonObject>request(address, body, options)
        .map(reply -> reply.body())
        .recover(failure -> Future.failedFuture(translate(failure)));
  }

  private static Throwable translate(Throwable failure) {
    if (!(failure instanceof ReplyException reply)) {
      return ErrorCode.INTERNAL.error(null);
    }
    if (reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      // No crud role in the cluster, or it did not answer in time: worth retrying.
      return ErrorCode.INTERNAL.error("tenant data unavailable");
    }
    switch (reply.failureCode()) {
      case NOT_FOUND:
      case FORBIDDEN:
        return ErrorCode.PERMISSION_DENIED.error(null);
      case BAD_REQUEST:
        return ErrorCode.BAD_REQUEST.error(reply.getMessage());
      default:
        return reply.failureCode() >= 400 && reply.failureCode() < 500
            ? ErrorCode.BAD_REQUEST.error(reply.getMessage())
            : ErrorCode.INTERNAL.error(null);
    }
  }
}
