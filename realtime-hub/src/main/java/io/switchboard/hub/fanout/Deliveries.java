package io.switchboard.hub.fanout;

import com.google.protobuf.InvalidProtocolBufferException;
import io.switchboard.hub.history.WindowEntry;
import io.switchboard.protos.hub.v1.Delivery;
import io.vertx.core.buffer.Buffer;

/** Reading deliveries back from the bus and from a channel's recovery window. */
public final class Deliveries {

  private Deliveries() {}

  /** The channel key of the bus header: tenant and channel, which no channel name can fake. */
  public static String key(String tenant, String channel) {
    return tenant + '\n' + channel;
  }

  /** The delivery in {@code bytes}, or null when they are not one. */
  public static Delivery parse(Buffer bytes) {
    try {
      return Delivery.parseFrom(bytes.getBytes());
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

  /** The delivery a window entry holds, with the entry's offset on its publication. */
  public static Delivery fromWindow(WindowEntry entry) {
    Delivery stored = parse(entry.payload());
    if (stored == null) {
      return null;
    }
    Delivery.Builder delivery = stored.toBuilder();
    delivery.getPushBuilder().getPubBuilder().setOffset(entry.offset());
    return delivery.build();
  }

  /** The offset of the delivery's publication; 0 for pushes outside the stream. */
  public static long offset(Delivery delivery) {
    return delivery.getPush().hasPub() ? delivery.getPush().getPub().getOffset() : 0;
  }
}
