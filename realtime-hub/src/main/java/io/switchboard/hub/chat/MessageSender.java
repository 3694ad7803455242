package io.switchboard.hub.chat;

import io.switchboard.hub.HubServices;
import io.switchboard.hub.channel.ChannelAccess;
import io.switchboard.hub.channel.ChannelName;
import io.switchboard.hub.limits.Bucket;
import io.switchboard.hub.limits.Rate;
import io.switchboard.hub.protocol.ErrorCode;
import io.switchboard.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Chat messages into conversations, whoever sends them (a connection's publish or {@code send} rpc,
 * or the server API): stored through crud-api, and answered once committed. Delivery is not done
 * here: every stored message, whichever module stored it, reaches its subscribers once from the
 * outbox's notification ({@link io.switchboard.hub.events.TenantDataFeed}).
 */
public final class MessageSender {

  /** The fields a message may carry. */
  public static final Set<String> MESSAGE_FIELDS = Set.of("body", "client_message_id", "private");

  private final HubServices hub;

  public MessageSender(HubServices hub) {
    this.hub = hub;
  }

  /**
   * Stores {@code data} ({@code body}, {@code client_message_id}?, {@code private}?) as a message
   * of the conversation; the future holds crud-api's {@code {"created", "message"}} once it is
   * committed.
   */
  public Future<JsonObject> send(Caller caller, ChannelName channel, JsonObject data) {
    ChatData.onlyFields(data, MESSAGE_FIELDS);
    String body = ChatData.string(data, "body", true, hub.config().maxMessageChars());
    String clientMessageId =
        ChatData.string(data, "client_message_id", false, ChatData.MAX_CLIENT_MESSAGE_ID);
    boolean isPrivate = ChatData.bool(data, "private");
    if (channel.namespace() != ChannelName.Namespace.CONVERSATION) {
      throw ErrorCode.PERMISSION_DENIED.error("messages go to conversation channels");
    }
    if (isPrivate && !ChannelAccess.isStaff(caller)) {
      throw ErrorCode.PERMISSION_DENIED.error("only staff write private notes");
    }
    // Both buckets in one Redis round trip; neither loses a token when the other refuses.
    return hub.limiter()
        .tryAcquireAll(
            caller.tenantId(),
            new Bucket("publish:" + caller.userId(), userRate()),
            new Bucket("publish", tenantRate()))
        .compose(
            refused ->
                refused == null
                    ? hub.crud().append(caller, channel.id(), body, isPrivate, clientMessageId)
                    : Future.failedFuture(ErrorCode.TOO_MANY_REQUESTS.error(refused)));
  }

  /** What a sender is told of a stored message: {@code {"id", "offset", "created"}}. */
  public static JsonObject receipt(JsonObject stored) {
    JsonObject message = stored.getJsonObject("message");
    return new JsonObject()
        .put("id", message.getString("id"))
        .put("offset", message.getLong("offset"))
        .put("created", stored.getBoolean("created"));
  }

  /** Takes a token of {@code rate} from the tenant's bucket {@code bucket}, or refuses. */
  public Future<Void> take(Caller caller, String bucket, Rate rate) {
    return hub.limiter()
        .tryAcquire(caller.tenantId(), bucket, rate)
        .compose(
            granted ->
                granted
                    ? Future.succeededFuture()
                    : Future.failedFuture(ErrorCode.TOO_MANY_REQUESTS.error(bucket)));
  }

  private Rate userRate() {
    return new Rate(hub.config().publishPerSecond(), hub.config().publishBurst());
  }

  private Rate tenantRate() {
    return new Rate(hub.config().tenantPublishPerSecond(), hub.config().tenantPublishBurst());
  }
}
