package io.switchboard.hub.channel;

import io.switchboard.hub.fanout.EncodedPush;
import io.switchboard.hub.protocol.DisconnectCode;
import io.switchboard.protos.hub.v1.Delivery;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's subscription to one channel on this event loop. Until the subscribe reply is
 * written it holds what arrives; after, it writes publications past its position once each, in
 * order, so that what a client recovered and what arrives live never overlap. A publication of
 * another epoch than the one the client was told means the stream started over (its window was
 * lost): the client's position names nothing in it, so the connection is closed with {@link
 * DisconnectCode#INSUFFICIENT_STATE} and the SDK's recovery tells it so.
 */
public final class Subscription {

  private final String tenant;
  private final ChannelName channel;
  private final Subscriber owner;
  private long position;
  private String epoch = "";
  private List<Held> held = new ArrayList<>();

  private record Held(Delivery delivery, EncodedPush push) {}

  public Subscription(String tenant, ChannelName channel, Subscriber owner) {
    this.tenant = tenant;
    this.channel = channel;
    this.owner = owner;
  }

  public String tenant() {
    return tenant;
  }

  public ChannelName channel() {
    return channel;
  }

  public Subscriber owner() {
    return owner;
  }

  /** True until {@link #activate} runs. */
  public boolean holding() {
    return held != null;
  }

  /** Takes a delivery of the channel; the channel calls it in offset order. */
  public void offer(Delivery delivery, EncodedPush push) {
    if (delivery.getStaffOnly() && !owner.staff()) {
      return;
    }
    if (held != null) {
      held.add(new Held(delivery, push));
      return;
    }
    write(delivery, push);
  }

  /**
   * Starts live delivery after position {@code offset} of stream {@code epoch}: the subscribe
   * reply, with whatever it recovered up to there, has been written.
   */
  public void activate(long offset, String epoch) {
    position = Math.max(position, offset);
    this.epoch = epoch;
    List<Held> pending = held;
    held = null;
    if (pending != null) {
      pending.forEach(h -> write(h.delivery(), h.push()));
    }
  }

  private void write(Delivery delivery, EncodedPush push) {
    long offset = delivery.getPush().getPub().getOffset();
    if (offset > 0) {
      if (!delivery.getEpoch().isEmpty()
          && !epoch.isEmpty()
          && !delivery.getEpoch().equals(epoch)) {
        owner.disconnect(DisconnectCode.INSUFFICIENT_STATE);
        return;
      }
      if (offset <= position) {
        return;
      }
      position = offset;
    }
    owner.push(push, delivery.getEphemeral());
  }
}
