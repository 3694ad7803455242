package io.switchboard.platform.bus;

/** Event-bus addresses that carry domain events between roles. */
public final class EventAddresses {

  /**
   * Every domain event as its transaction commits, as an {@code EventEnvelope}, published by each
   * node running the crud role: with several such nodes an event arrives once from each, so
   * consumers de-duplicate on {@code event_id}. Live and best effort (a node restarting its
   * listener can miss some); Kafka, fed from the outbox, is the durable stream.
   */
  public static final String DOMAIN_EVENTS = "events.domain";

  private EventAddresses() {}
}
