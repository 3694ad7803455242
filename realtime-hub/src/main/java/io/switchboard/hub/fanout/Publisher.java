package io.switchboard.hub.fanout;

import io.switchboard.hub.channel.ChannelName;
import io.switchboard.hub.history.HistoryWindow;
import io.switchboard.hub.history.StreamPosition;
import io.switchboard.protos.hub.v1.Delivery;
import io.switchboard.protos.hub.v1.ForceDisconnect;
import io.switchboard.protos.hub.v1.Push;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.time.Clock;

/**
 * Puts pushes into channels: kept in the channel's recovery window first (so whoever reconnects
 * finds it), then one bus message that every hub instance of the cluster receives once and writes
 * to its own subscribers.
 */
public final class Publisher {

  /** Where deliveries go; every hub instance of the cluster consumes it. */
  public static final String DELIVERY_ADDRESS = "hub.delivery";

  /** Where cluster-wide disconnects go. */
  public static final String DISCONNECT_ADDRESS = "hub.disconnect";

  /** Header naming the channel key, so instances without subscribers skip the body. */
  public static final String CHANNEL_HEADER = "ch";

  private final EventBus bus;
  private final HistoryWindow window;
  private final Clock clock;

  public Publisher(EventBus bus, HistoryWindow window, Clock clock) {
    this.bus = bus;
    this.window = window;
    this.clock = clock;
  }

  /**
   * Keeps {@code push} (a publication) in the window at the next offset of the channel and delivers
   * it; the future holds where it was kept (offset and epoch).
   */
  public Future<StreamPosition> publishNext(
      String tenant, ChannelName channel, Push push, boolean staffOnly) {
    Delivery stored = delivery(tenant, channel, push, staffOnly, false);
    return window
        .append(tenant, channel.wire(), Buffer.buffer(stored.toByteArray()))
        .map(
            top -> {
              Delivery.Builder withOffset = stored.toBuilder().setEpoch(top.epoch());
              withOffset.getPushBuilder().getPubBuilder().setOffset(top.offset());
              send(withOffset.build());
              return top;
            });
  }

  /**
   * Keeps {@code push}, whose publication already has its offset (a chat message's, from
   * PostgreSQL), in the window and delivers it; the future holds the delivery, or null when the
   * window already had that offset: whoever appended it first delivered it, so every node may offer
   * the same stored message and it is still delivered once.
   */
  public Future<Delivery> publishAt(
      String tenant, ChannelName channel, Push push, boolean staffOnly) {
    Delivery delivery = delivery(tenant, channel, push, staffOnly, false);
    return window
        .appendAt(
            tenant,
            channel.wire(),
            push.getPub().getOffset(),
            Buffer.buffer(delivery.toByteArray()))
        .map(
            kept ->
                kept.added()
                    ? send(delivery.toBuilder().setEpoch(kept.top().epoch()).build())
                    : null);
  }

  /** Delivers a push that is not kept: typing, receipts, join and leave. */
  public void publishEphemeral(String tenant, ChannelName channel, Push push) {
    send(delivery(tenant, channel, push, false, true));
  }

  /** Closes the connections {@code request} names on every node of the cluster. */
  public void disconnect(ForceDisconnect request) {
    bus.publish(DISCONNECT_ADDRESS, Buffer.buffer(request.toByteArray()));
  }

  private Delivery delivery(
      String tenant, ChannelName channel, Push push, boolean staffOnly, boolean ephemeral) {
    return Delivery.newBuilder()
        .setTenant(tenant)
        .setChannel(channel.wire())
        .setStaffOnly(staffOnly)
        .setEphemeral(ephemeral)
        .setPush(push.toBuilder().setChannel(channel.wire()))
        .setPublishedAtMs(clock.millis())
        .build();
  }

  private Delivery send(Delivery delivery) {
    bus.publish(
        DELIVERY_ADDRESS,
        Buffer.buffer(delivery.toByteArray()),
        new DeliveryOptions()
            .addHeader(
                CHANNEL_HEADER, Deliveries.key(delivery.getTenant(), delivery.getChannel())));
    return delivery;
  }
}
