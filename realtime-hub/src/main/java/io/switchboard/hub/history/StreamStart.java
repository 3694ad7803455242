package io.switchboard.hub.history;

import io.switchboard.hub.HubServices;
import io.switchboard.hub.channel.ChannelName;
import io.switchboard.hub.chat.ChatData;
import io.switchboard.hub.fanout.Deliveries;
import io.switchboard.platform.auth.Caller;
import io.switchboard.protos.hub.v1.Delivery;
import io.switchboard.protos.hub.v1.SubscribeRequest;
import io.switchboard.protos.hub.v1.SubscribeResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Where a new subscription starts in its channel's stream: the current position, or for a client
 * that asks to recover, what it missed since its own. A conversation's stream is stored in
 * PostgreSQL, so its position never falls below the stored top and a client of the stream's epoch
 * that the window cannot serve (the window expired, was lost with Redis, or dropped what it missed)
 * is recovered from PostgreSQL instead. Any other channel's stream lives only in its window.
 */
public final class StreamStart {

  /**
   * Most messages one recovery reads from PostgreSQL; crud-api pages no more. Further behind is
   * {@code recovered: false}, and the client pages {@code history}.
   */
  static final int MAX_STORED_RECOVERY = ChannelHistory.MAX_HISTORY;

  private final HubServices hub;

  /**
   * A subscription's start: its reply, and where the broker had the stream when it was read, which
   * a recovery from PostgreSQL may have gone past.
   */
  public record Start(SubscribeResult reply, StreamPosition top) {}

  public StreamStart(HubServices hub) {
    this.hub = hub;
  }

  /**
   * The subscribe result for {@code caller} on {@code channel}, whose newest stored offset was
   * {@code storedTop} when access was checked; {@code staff} callers also get private notes.
   */
  public Future<Start> position(
      Caller caller, ChannelName channel, long storedTop, SubscribeRequest request, boolean staff) {
    String tenant = caller.tenantId();
    boolean stored = channel.namespace() == ChannelName.Namespace.CONVERSATION;
    if (!request.getRecover()) {
      Future<StreamPosition> top =
          stored
              ? hub.broker().storedTop(tenant, channel.wire(), storedTop)
              : hub.broker().top(tenant, channel.wire());
      return top.map(position -> new Start(base(position).build(), position));
    }
    StreamPosition since = new StreamPosition(request.getOffset(), request.getEpoch());
    if (!stored) {
      return hub.broker()
          .since(tenant, channel.wire(), since)
          .map(recovery -> new Start(recovered(recovery, staff), recovery.top()));
    }
    return hub.broker()
        .storedSince(tenant, channel.wire(), since, storedTop)
        .compose(
            recovery ->
                (recovery.recovered() || !fromStore(since, recovery.top())
                        ? Future.succeededFuture(recovered(recovery, staff))
                        : fromStore(caller, channel, since, recovery.top()))
                    .map(reply -> new Start(reply, recovery.top())));
  }

  /** Whether PostgreSQL can give what the window could not: same epoch, not too far behind. */
  private boolean fromStore(StreamPosition since, StreamPosition top) {
    long missed = top.offset() - since.offset();
    return since.epoch().equals(top.epoch())
        && missed > 0
        && missed <= Math.min(hub.config().maxRecovered(), MAX_STORED_RECOVERY);
  }

  /**
   * The messages after {@code since} as PostgreSQL has them. crud-api reads the conversation's
   * newest offset before the page, and offsets commit in order, so a page shorter than its limit
   * holds every message up to that offset the caller may see; messages committed since are newer,
   * and reach the subscription live because it was registered before this read.
   */
  private Future<SubscribeResult> fromStore(
      Caller caller, ChannelName channel, StreamPosition since, StreamPosition top) {
    int limit = Math.min(hub.config().maxRecovered(), MAX_STORED_RECOVERY);
    return hub.crud()
        .messages(caller, channel.id(), since.offset(), -1, limit)
        .map(
            page -> {
              long upTo = Math.max(top.offset(), page.getLong("last_offset"));
              if (upTo - since.offset() > limit) {
                return base(new StreamPosition(upTo, top.epoch()))
                    .setWasRecovering(true)
                    .setRecovered(false)
                    .build();
              }
              // At most limit messages lie in (since, upTo], so the page holds all of them, and
              // whatever newer ones it holds follow on without a gap.
              SubscribeResult.Builder result = SubscribeResult.newBuilder();
              long newest = upTo;
              JsonArray messages = page.getJsonArray("messages");
              for (int i = 0; i < messages.size(); i++) {
                JsonObject message = messages.getJsonObject(i);
                result.addPublications(ChatData.messagePublication(message));
                newest = Math.max(newest, message.getLong("offset"));
              }
              return result
                  .mergeFrom(base(new StreamPosition(newest, top.epoch())).build())
                  .setWasRecovering(true)
                  .setRecovered(true)
                  .build();
            });
  }

  private static SubscribeResult recovered(Recovery recovery, boolean staff) {
    SubscribeResult.Builder result =
        base(recovery.top()).setWasRecovering(true).setRecovered(recovery.recovered());
    for (WindowEntry entry : recovery.entries()) {
      Delivery delivery = Deliveries.fromWindow(entry);
      if (delivery != null && (!delivery.getStaffOnly() || staff)) {
        result.addPublications(delivery.getPush().getPub());
      }
    }
    return result.build();
  }

  // Recoverable, so positioned as well, as Centrifugo answers: the client keeps the stream's
  // position from every publication it gets.
  private static SubscribeResult.Builder base(StreamPosition position) {
    return SubscribeResult.newBuilder()
        .setRecoverable(true)
        .setPositioned(true)
        .setEpoch(position.epoch())
        .setOffset(position.offset());
  }
}
