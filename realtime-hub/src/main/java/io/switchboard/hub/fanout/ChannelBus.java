package io.switchboard.hub.fanout;

import io.switchboard.hub.history.StreamPosition;
import io.switchboard.protos.hub.v1.Delivery;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;

/**
 * Deliveries on the event bus. Each channel has an address of its own, which an event loop listens
 * on while it has subscribers of the channel ({@link LocalChannels}): a publication travels only to
 * the nodes and loops that have someone to give it to, once to each, however large the cluster.
 */
public final class ChannelBus {

  /** What every channel's address starts with. */
  public static final String DELIVERY_PREFIX = "hub.delivery.";

  private final EventBus bus;

  public ChannelBus(EventBus bus) {
    this.bus = bus;
  }

  /** Sends {@code delivery} as it is; returns it. */
  public Delivery send(Delivery delivery) {
    bus.publish(
        address(delivery.getTenant(), delivery.getChannel()),
        Buffer.buffer(delivery.toByteArray()));
    return delivery;
  }

  /** The address of {@code tenant}'s {@code channel}, which no other tenant's channel can share. */
  public static String address(String tenant, String channel) {
    return DELIVERY_PREFIX + Deliveries.key(tenant, channel);
  }

  /** Sends {@code delivery} as kept at {@code position}: with its offset and the stream's epoch. */
  public Delivery send(Delivery delivery, StreamPosition position) {
    Delivery.Builder kept = delivery.toBuilder().setEpoch(position.epoch());
    kept.getPushBuilder().getPubBuilder().setOffset(position.offset());
    return send(kept.build());
  }
}
