package io.switchboard.voice.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The voice role's meters: calls, frame processing time, reply latency, barge-ins, and every frame
 * refused, by reason.
 */
public final class VoiceMetrics {

  private final MeterRegistry registry;
  private final AtomicInteger active = new AtomicInteger();
  private final Counter calls;
  private final Counter bargeIns;
  private final Timer frames;
  private final Timer replies;
  private final Timer delays;

  public VoiceMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("switchboard.voice.calls.active", active);
    this.calls = registry.counter("switchboard.voice.calls");
    this.bargeIns = registry.counter("switchboard.voice.barge.ins");
    this.frames =
        Timer.builder("switchboard.voice.frame.processing")
            .description(
                "Time to process one 20 ms frame of a caller (decode to VAD and recording)")
            .publishPercentiles(0.5, 0.99, 0.999)
            .register(registry);
    this.delays =
        Timer.builder("switchboard.voice.frame.delay")
            .description(
                "How late a caller's frame was processed against the stream's real-time schedule"
                    + " (its first frame's arrival plus 20 ms a chunk)")
            .publishPercentiles(0.5, 0.99, 0.999)
            .register(registry);
    this.replies =
        Timer.builder("switchboard.voice.reply.latency")
            .description("From the end of the caller's turn to the first audio of the reply")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
  }

  /** Calls live on this node. */
  public int activeCalls() {
    return active.get();
  }

  void callStarted() {
    active.incrementAndGet();
    calls.increment();
  }

  void callEnded() {
    active.decrementAndGet();
  }

  void frameProcessed(long nanos) {
    frames.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A frame processed {@code nanos} after it was due. */
  public void frameDelay(long nanos) {
    delays.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  void replyLatency(long nanos) {
    replies.record(nanos, TimeUnit.NANOSECONDS);
  }

  void bargeIn() {
    bargeIns.increment();
  }

  /** A frame refused or dropped, by {@code endpoint} and {@code reason}. */
  public void refused(String endpoint, String reason) {
    registry
        .counter("switchboard.voice.frames.refused", "endpoint", endpoint, "reason", reason)
        .increment();
  }
}
