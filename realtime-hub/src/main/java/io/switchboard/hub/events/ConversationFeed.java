package io.switchboard.hub.events;

import com.google.protobuf.ByteString;
import io.switchboard.hub.channel.ChannelName;
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
 * Turns conversation events of crud-api (opened, updated: assigned, status, labels; deleted) into
 * publications on the conversation's {@code inbox:<id>} channel, so agents' inboxes follow without
 * polling. Every crud node announces each event, so the first hub node to claim an event id in
 * Redis publishes it and the others skip it.
 */
public final class ConversationFeed {

  private static final Logger LOG = LoggerFactory.getLogger(ConversationFeed.class);
  private static final String CLAIM_SECONDS = "3600";

  private final Publisher publisher;
  private final RedisAPI redis;

  public ConversationFeed(Publisher publisher, RedisAPI redis) {
    this.publisher = publisher;
    this.redis = redis;
  }

  /** Starts following the domain events. */
  public MessageConsumer<EventEnvelope> listen(EventBus bus) {
    return bus.consumer(EventAddresses.DOMAIN_EVENTS, message -> onEvent(message.body()));
  }

  private void onEvent(EventEnvelope event) {
    if (!event.getType().startsWith("conversation.")) {
      return;
    }
    JsonObject conversation;
    try {
      conversation = new JsonObject(event.getPayload().toStringUtf8());
    } catch (DecodeException | ClassCastException e) {
      LOG.warn("Event {} has no JSON payload", event.getEventId());
      return;
    }
    String inbox = conversation.getString("inbox_id");
    if (inbox == null) {
      return;
    }
    claim(event)
        .compose(
            first ->
                first
                    ? publisher
                        .publishNext(
                            event.getTenantId(),
                            new ChannelName(ChannelName.Namespace.INBOX, inbox),
                            Push.newBuilder().setPub(publication(event, conversation)).build(),
                            false)
                        .mapEmpty()
                    : Future.succeededFuture())
        .onFailure(failed -> LOG.warn("Event {} not published", event.getEventId(), failed));
  }

  /** True for the first node to see {@code event}. */
  private Future<Boolean> claim(EventEnvelope event) {
    String key = "hub:{" + event.getTenantId() + "}:event:" + event.getEventId();
    return redis
        .set(List.of(key, "1", "NX", "EX", CLAIM_SECONDS))
        .map(reply -> reply != null && "OK".equals(reply.toString()));
  }

  private static Publication publication(EventEnvelope event, JsonObject conversation) {
    JsonObject data =
        new JsonObject()
            .put("type", event.getType())
            .put("event_id", event.getEventId())
            .put("actor", event.getActor())
            .put("conversation", conversation);
    return Publication.newBuilder()
        .setData(ByteString.copyFromUtf8(data.encode()))
        .setInfo(ClientInfo.newBuilder().setUser(event.getActor()))
        .build();
  }
}
