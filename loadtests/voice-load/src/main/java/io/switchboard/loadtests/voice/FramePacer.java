package io.switchboard.loadtests.voice;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * One event loop's clock for its streams: a single periodic timer sends every stream whose 20 ms is
 * due its next frame. Streams are spread over {@link #SLOTS} phases of the 20 ms, so the loop sends
 * a steady trickle instead of one burst per period. Used only from its own context.
 */
final class FramePacer {

  /** Phases per 20 ms period, one millisecond apart. */
  static final int SLOTS = 20;

  /** How often the timer looks for due phases. */
  static final long TICK_MS = 1;

  private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(TelephonyCaller.FRAME_MS);
  private static final long SLOT_NANOS = FRAME_NANOS / SLOTS;

  private final Vertx vertx;
  private final Context context;
  private final Histogram lateness;
  private final List<List<TelephonyCaller>> slots = new ArrayList<>();
  private final long[] due = new long[SLOTS];
  private long timer = -1;
  private final LongAdder framesSent;
  private int next;

  /**
   * @param lateness where each frame's lateness against its schedule goes, in microseconds; the
   *     caller reads it only after {@link #stop()}
   * @param framesSent counts every frame sent
   */
  FramePacer(Vertx vertx, Context context, Histogram lateness, LongAdder framesSent) {
    this.vertx = vertx;
    this.context = context;
    this.lateness = lateness;
    this.framesSent = framesSent;
    for (int i = 0; i < SLOTS; i++) {
      slots.add(new ArrayList<>());
    }
  }

  /** The context this pacer and its streams run on. */
  Context context() {
    return context;
  }

  /** Starts the timer; call on {@link #context()}. */
  void start() {
    long now = System.nanoTime();
    for (int i = 0; i < SLOTS; i++) {
      due[i] = now + i * SLOT_NANOS;
    }
    timer = vertx.setPeriodic(TICK_MS, id -> tick());
  }

  /** Paces {@code caller} from its next phase on; call on {@link #context()}. */
  void add(TelephonyCaller caller) {
    slots.get(next).add(caller);
    next = (next + 1) % SLOTS;
  }

  /** Forgets the lateness recorded so far (the end of a ramp); call on {@link #context()}. */
  void resetLateness() {
    lateness.reset();
  }

  /** Stops the timer and hangs every open stream up; call on {@link #context()}. */
  Future<Void> stop() {
    vertx.cancelTimer(timer);
    List<Future<Void>> hangUps = new ArrayList<>();
    for (List<TelephonyCaller> slot : slots) {
      slot.forEach(caller -> hangUps.add(caller.hangUp()));
      slot.clear();
    }
    return Future.join(hangUps).mapEmpty();
  }

  private void tick() {
    long now = System.nanoTime();
    for (int s = 0; s < SLOTS; s++) {
      // A phase that fell behind sends each missed period's frame, as a provider catching up does.
      while (due[s] <= now) {
        long late = TimeUnit.NANOSECONDS.toMicros(now - due[s]);
        List<TelephonyCaller> callers = slots.get(s);
        callers.removeIf(TelephonyCaller::isClosed);
        for (TelephonyCaller caller : callers) {
          if (caller.sendFrame()) {
            framesSent.increment();
            lateness.recordValue(Math.min(late, lateness.getHighestTrackableValue()));
          }
        }
        due[s] += FRAME_NANOS;
      }
    }
  }
}
