package io.switchboard.hub.fanout;

import io.switchboard.hub.broker.Broker;
import io.switchboard.hub.channel.ChannelName;
import io.switchboard.hub.history.StreamPosition;
import io.switchboard.hub.limits.Bucket;
import io.switchboard.protos.hub.v1.Delivery;
import io.switchboard.protos.hub.v1.ForceDisconnect;
import io.switchboard.protos.hub.v1.Push;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import java.time.Clock;

/**
 * Puts pushes into channels through the {@link Broker}: kept in the channel's recovery window first
 * (so whoever reconnects finds it), then delivered to the channel's subscribers on every node.
 */
public final class Publisher {

  /** Where cluster-wide disconnects go. */
  public static final String DISCONNECT_ADDRESS = "hub.disconnect";

  private final EventBus bus;
  private final Broker broker;
  private final Clock clock;

  public Publisher(EventBus bus, Broker broker, Clock clock) {
    this.bus = bus;
    this.broker = broker;
    this.clock = clock;
  }

  /**
   * Keeps {@code push} (a publication) in the window at the next offset of the channel and delivers
   * it; the future holds where it was kept (offset and epoch).
   */
  public Future<StreamPosition> publishNext(
      String tenant, ChannelName channel, Push push, boolean staffOnly) {
    return broker.publish(delivery(tenant, channel, push, staffOnly, false));
  }

  /**
   * As {@link #publishNext(String, ChannelName, Push, boolean)}, taking one token from the tenant's
   * bucket {@code quota} in the same step; fails with {@link io.switchboard.hub.limits.BucketEmpty}
   * (nothing kept or delivered) when it has none.
   */
  public Future<StreamPosition> publishNext(
      String tenant, ChannelName channel, Push push, boolean staffOnly, Bucket quota) {
    return broker.publish(delivery(tenant, channel, push, staffOnly, false), quota);
  }

  /**
   * Keeps {@code push}, whose publication already has its offset (a chat message's, from
   * PostgreSQL), in the window and delivers it; the future holds the delivery, or null when the
   * window already had that offset: whoever appended it first delivered it, so every node may offer
   * the same stored message and it is still delivered once.
   */
  public Future<Delivery> publishAt(
      String tenant, ChannelName channel, Push push, boolean staffOnly) {
    return broker.publishStored(delivery(tenant, channel, push, staffOnly, false));
  }

  /**
   * As {@link #publishAt}, and in the same step, when it is kept, {@code listing} at the next
   * offset of the window-only channel {@code list} (an inbox's line for a message), delivered after
   * it.
   */
  public Future<Delivery> publishAt(
      String tenant,
      ChannelName channel,
      Push push,
      boolean staffOnly,
      ChannelName list,
      Push listing) {
    return broker.publishStored(
        delivery(tenant, channel, push, staffOnly, false),
        delivery(tenant, list, listing, false, false));
  }

  /** Delivers a push that is not kept: typing, receipts, join and leave. */
  public void publishEphemeral(String tenant, ChannelName channel, Push push) {
    broker.publishEphemeral(delivery(tenant, channel, push, false, true));
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
}
