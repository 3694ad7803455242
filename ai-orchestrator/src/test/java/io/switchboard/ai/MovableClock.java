package io.switchboard.ai;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move forward instead of sleeping. */
public final class MovableClock extends Clock {

  private final AtomicLong millis;

  public MovableClock(long millis) {
    this.millis = new AtomicLong(millis);
  }

  /** Moves the clock {@code delta} milliseconds on. */
  public void add(long delta) {
    millis.addAndGet(delta);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }
}
