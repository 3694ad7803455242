package io.switchboard.voice.call;

import io.vertx.core.Vertx;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One 20 ms tick per event loop for every call on it that has audio to play, instead of a timer per
 * call: a node with thousands of calls schedules 50 timer events a second, not 50 per call. Ticks
 * only while some call is playing.
 */
public final class PlayoutClock {

  /** Length of one frame of audio. */
  public static final long FRAME_NANOS = 20_000_000L;

  private static final long TICK_MS = 20;

  private final Vertx vertx;
  private final Set<Playout> playing = new LinkedHashSet<>();
  private long timer = -1;

  /** A clock for the event loop it is used on. */
  public PlayoutClock(Vertx vertx) {
    this.vertx = vertx;
  }

  void start(Playout playout) {
    playing.add(playout);
    if (timer < 0) {
      timer = vertx.setPeriodic(TICK_MS, id -> tick());
    }
  }

  void stop(Playout playout) {
    playing.remove(playout);
    if (playing.isEmpty() && timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void tick() {
    long now = System.nanoTime();
    // A copy: a playout that runs dry stops itself during the loop.
    for (Playout playout : playing.toArray(new Playout[0])) {
      playout.tick(now);
    }
  }
}
