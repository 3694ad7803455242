package io.switchboard.hub.events;

import com.google.protobuf.ByteString;
import io.switchboard.hub.channel.ChannelName;
import io.switchboard.hub.chat.ChatData;
import io.switchboard.hub.fanout.Publisher;
import io.switchboard.platform.bus.EventAddresses;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.switchboard.protos.hub.v1.ClientInfo;
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
 * inboxes follow without polling; messages stored by anyone but the hub (REST, gRPC, the AI) go to
 * their {@code conversation:<id>} channel at their offset, so subscribers see them live and
 * recovery windows have no holes; every message also goes to its inbox's channel as a short {@code
 * message.created} (a preview, no whole body) for the agents' lists. A message the hub published
 * itself arrives again here and is written to nobody twice: subscriptions write each offset once.
 * Every crud node announces each event, so the first hub node to claim an event id in Redis
 * publishes it and the others skip it.
 */
public final class TenantDataFeed {

  private static final Logger LOG = LoggerFactory.getLogger(TenantDataFeed.class);
  private static final String CLAIM_SECONDS = "3600";
  // As many characters as crud-api keeps of a message as its conversation's preview.
  private static final int PREVIEW_CHARS = 140;

  private final Publisher publisher;
  private final RedisAPI redis;

  public TenantDataFeed(Publisher publisher, RedisAPI redis) {
    this.publisher = publisher;
    this.redis = redis;
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
    claim(event)
        .compose(first -> first ? publish(event, payload, message) : Future.succeededFuture())
        .onFailure(failed -> LOG.warn("Event {} not published", event.getEventId(), failed));
  }

  private Future<Void> publish(EventEnvelope event, JsonObject payload, boolean message) {
    String inbox = payload.getString("inbox_id");
    if (message) {
      String conversation = payload.getString("conversation_id");
      Future<?> delivered =
          publisher.publishAt(
              event.getTenantId(),
              new ChannelName(ChannelName.Namespace.CONVERSATION, conversation),
              Push.newBuilder().setPub(ChatData.messagePublication(payload)).build(),
              payload.getBoolean("private", false));
      // The inbox's agents see the message in their list (preview, unread, waiting) without
      // following every conversation.
      Future<?> listed =
          inbox == null
              ? Future.succeededFuture()
              : toInbox(event, inbox, "message", activity(payload));
      return Future.all(delivered, listed).mapEmpty();
    }
    return inbox == null
        ? Future.succeededFuture()
        : toInbox(event, inbox, "conversation", payload);
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
