package io.switchboard.platform.bus;

import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Vertx;

/**
 * Registers the event-bus codecs every Switchboard node needs, so bodies encode alike on all
 * members.
 */
public final class BusCodecs {

  private BusCodecs() {}

  /**
   * Makes {@link EventEnvelope} the body the bus encodes with its protobuf codec, so {@code
   * publish(address, envelope)} needs no delivery options and never falls back to Java
   * serialization. Call once per Vert.x instance, before the first send; every member of a cluster
   * must call it, because the receiving node decodes by codec name.
   *
   * @return {@code vertx}, to chain after building it
   * @throws IllegalStateException if the codecs are already registered on {@code vertx}
   */
  public static Vertx register(Vertx vertx) {
    vertx
        .eventBus()
        .registerDefaultCodec(
            EventEnvelope.class, ProtobufCodec.of(EventEnvelope.getDefaultInstance()));
    return vertx;
  }
}
