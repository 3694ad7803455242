package io.switchboard.hub.events;

import com.google.protobuf.ByteString;
import io.switchboard.hub.channel.ChannelName;
import io.switchboard.hub.chat.ChatData;
import io.switchboard.hub.fanout.Publisher;
import io.switchboard.platform.bus.EventAddresses;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.switchboard.protos.hub.v1.ClientInfo;
import io.switchboard.protos.hub.v1.Delivery;
import io.switchboard.protos.hub.v1.Publication;
import io.switchboard.protos.hub.v1.Push;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns crud-api's events into publications: conversation changes (opened, updated: assigned,
 * status, labels; read; deleted) go to the conversation's {@code inbox:<id>} channel, so agents'
 * inboxes follow without polling; every stored message, whichever module stored it (the hub's own
 * publishes and {@code send} rpcs, REST, gRPC, the AI, voice), goes to its {@code
 * conversation:<id>} channel at its offset from here and nowhere else, and to its inbox's channel
 * as a short {@code message.created} (a preview, no whole body) for the agents' lists.
 *
 * <p>Every crud node announces each event to every hub node. A message is delivered by whichever
 * node first keeps its offset in the conversation's window (the window refuses an offset twice); a
 * conversation change by the first node to claim its event id in Redis.
 */
public final class TenantDataFeed {

  private static final Logger LOG = LoggerFactory.getLogger(TenantDataFeed.class);
  private static final String CLAIM_SECONDS = "3600";
  // As many characters as crud-api keeps of a message as its conversation's preview.
  private static final int PREVIEW_CHARS = 140;

  private final Publisher publisher;
  private final RedisAPI redis;
  private final StoredDeliveries storedDeliveries;

  public TenantDataFeed(Publisher publisher, RedisAPI redis, StoredDeliveries storedDeliveries) {
    this.publisher = publisher;
    this.redis = redis;
    this.storedDeliveries = storedDeliveries;
  }

  /** Starts following the domain events. */
  public MessageConsumer<EventEnvelope> listen(EventBus bus) {
    return bus.consumer(EventAddresses.DOMAIN_EVENTS, message -> onEvent(message.body()));
  }

  private void onEvent(EventEnvelope event) {
    boolean conversationChange = event.getType().startsWith("conversation.");
    boolean message = event.getType().equals("message.created");
    if (!conversationChange && !message) {
      return;
    }
    JsonObject payload;
    try {
      payload = new JsonObject(event.getPayload().toStringUtf8());
    } catch (DecodeException | ClassCastException e) {
      LOG.warn("Event {} has no JSON payload", event.getEventId());
      return;
    }
    Future<Void> published =
        message
            ? publishMessage(event, payload)
            : claim(event)
                .compose(
                    first -> {
                      String inbox = payload.getString("inbox_id");
                      return first && inbox != null
                          ? toInbox(event, inbox, "conversation", payload)
                          : Future.succeededFuture();
                    });
    published.onFailure(failed -> LOG.warn("Event {} not published", event.getEventId(), failed));
  }

  private Future<Void> publishMessage(EventEnvelope event, JsonObject payload) {
    String inbox = payload.getString("inbox_id");
    ChannelName conversation =
        new ChannelName(ChannelName.Namespace.CONVERSATION, payload.getString("conversation_id"));
    long offset = payload.getLong("offset");
    Push message = Push.newBuilder().setPub(ChatData.messagePublication(payload)).build();
    boolean staffOnly = payload.getBoolean("private", false);
    String tenant = event.getTenantId();
    // The inbox's agents see it in their list (preview, unread, waiting) without following every
    // conversation: listed in the same step, so only the node that delivers it lists it.
    Future<Delivery> delivered =
        inbox == null
            ? publisher.publishAt(tenant, conversation, message, staffOnly)
            : publisher.publishAt(
                tenant,
                conversation,
                message,
                staffOnly,
                new ChannelName(ChannelName.Namespace.INBOX, inbox),
                Push.newBuilder().setPub(publication(event, "message", activity(payload))).build());
    // Failed too: a wait for it has nothing more to wait for.
    return delivered
        .onComplete(done -> storedDeliveries.delivered(tenant, conversation.wire(), offset))
        .mapEmpty();
  }

  private Future<Void> toInbox(EventEnvelope event, String inbox, String field, JsonObject body) {
    return publisher
        .publishNext(
            event.getTenantId(),
            new ChannelName(ChannelName.Namespace.INBOX, inbox),
            Push.newBuilder().setPub(publication(event, field, body)).build(),
            false)
        .mapEmpty();
  }

  /** What an inbox list shows of a message: no more of its body than the conversation keeps. */
  private static JsonObject activity(JsonObject message) {
    String body = message.getString("body", "");
    return new JsonObject()
        .put("id", message.getString("id"))
        .put("conversation_id", message.getString("conversation_id"))
        .put("offset", message.getLong("offset"))
        .put("author_kind", message.getString("author_kind"))
        .put("author_id", message.getString("author_id"))
        .put("private", message.getBoolean("private", false))
        .put("preview", body.length() <= PREVIEW_CHARS ? body : body.substring(0, PREVIEW_CHARS))
        .put("created_at", message.getString("created_at"));
  }

  /** True for the first node to see {@code event}. */
  private Future<Boolean> claim(EventEnvelope event) {
    String key = "hub:{" + event.getTenantId() + "}:event:" + event.getEventId();
    return redis
        .set(List.of(key, "1", "NX", "EX", CLAIM_SECONDS))
        .map(reply -> reply != null && "OK".equals(reply.toString()));
  }

  private static Publication publication(EventEnvelope event, String field, JsonObject body) {
    JsonObject data =
        new JsonObject()
            .put("type", event.getType())
            .put("event_id", event.getEventId())
            .put("actor", event.getActor())
            .put(field, body);
    return Publication.newBuilder()
        .setData(ByteString.copyFromUtf8(data.encode()))
        .setInfo(ClientInfo.newBuilder().setUser(event.getActor()))
        .build();
  }
}
