package io.switchboard.hub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub's meters, one set per node: connections, subscriptions, frames, deliveries, drops and the
 * time from a publication's acceptance to its write to a subscriber.
 */
public final class HubMetrics {

  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong subscriptions = new AtomicLong();
  private final Counter framesIn;
  private final Counter framesOut;
  private final Counter deliveries;
  private final Counter drops;
  private final Counter badFrames;
  private final Counter badDeliveries;
  private final Counter gaps;
  private final MeterRegistry registry;
  private final DistributionSummary latency;

  public HubMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("hub.connections", connections, AtomicLong::get)
        .description("Open chat WebSocket connections")
        .register(registry);
    Gauge.builder("hub.subscriptions", subscriptions, AtomicLong::get)
        .description("Channel subscriptions of open connections")
        .register(registry);
    framesIn = Counter.builder("hub.frames.in").register(registry);
    framesOut = Counter.builder("hub.frames.out").register(registry);
    deliveries = Counter.builder("hub.deliveries").register(registry);
    drops =
        Counter.builder("hub.drops")
            .description("Ephemeral pushes not written to slow clients")
            .register(registry);
    badFrames =
        Counter.builder("hub.frames.bad")
            .description("Frames that could not be read")
            .register(registry);
    badDeliveries = Counter.builder("hub.deliveries.bad").register(registry);
    gaps =
        Counter.builder("hub.stream.gaps")
            .description("Out-of-order deliveries that waited for an earlier offset")
            .register(registry);
    latency =
        DistributionSummary.builder("hub.delivery.latency")
            .description(
                "Milliseconds from a publication's acceptance to its write to an event loop's clients")
            .baseUnit("milliseconds")
            .publishPercentiles(0.5, 0.99, 0.999)
            .register(registry);
  }

  public void connected() {
    connections.incrementAndGet();
  }

  public void disconnected() {
    connections.decrementAndGet();
  }

  public void subscribed() {
    subscriptions.incrementAndGet();
  }

  public void unsubscribed(int count) {
    subscriptions.addAndGet(-count);
  }

  public void frameIn() {
    framesIn.increment();
  }

  public void frameOut() {
    framesOut.increment();
  }

  /** A publication written to a client. */
  public void delivered() {
    deliveries.increment();
  }

  /**
   * A publication handed to an event loop's subscribers, {@code latencyMs} after it was accepted.
   * Recorded once per publication and event loop rather than per client: the loop writes to all of
   * them within the same millisecond, and a percentile histogram per write was a tenth of a busy
   * hub's CPU.
   */
  public void handedOut(long latencyMs) {
    if (latencyMs >= 0) {
      latency.record(latencyMs);
    }
  }

  public void dropped() {
    drops.increment();
  }

  public void badFrame() {
    badFrames.increment();
  }

  public void badDelivery() {
    badDeliveries.increment();
  }

  public void gap() {
    gaps.increment();
  }

  /** Errors answered to commands, by code. */
  public void replyError(int code) {
    registry.counter("hub.reply.errors", "code", Integer.toString(code)).increment();
  }

  /** Connections closed by the hub, by close code. */
  public void closed(int code) {
    registry.counter("hub.disconnects", "code", Integer.toString(code)).increment();
  }
}
