package io.switchboard.crud.visitor;

import io.switchboard.platform.error.RateLimited;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * How many visitor sessions one address may open per minute on this node: a fixed window per
 * address, all forgotten when the window turns, so the memory it takes is bounded by one minute's
 * callers. Shared by every HTTP front instance of the node.
 */
public final class VisitorLimiter {

  /** Sessions one address may open or resume per minute on a node. */
  public static final int PER_MINUTE = 20;

  private static final long WINDOW_MILLIS = 60_000;

  private final int perMinute;
  private final LongSupplier clock;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private volatile long windowStart;

  /**
   * @param perMinute sessions one address may open or resume per minute
   */
  public VisitorLimiter(int perMinute) {
    this(perMinute, System::currentTimeMillis);
  }

  VisitorLimiter(int perMinute, LongSupplier clock) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be at least 1");
    }
    this.perMinute = perMinute;
    this.clock = clock;
    this.windowStart = clock.getAsLong();
  }

  /** Counts one session for {@code address}, or throws {@link RateLimited} past the limit. */
  public void take(String address) {
    long now = clock.getAsLong();
    long start = windowStart;
    if (now - start >= WINDOW_MILLIS) {
      synchronized (this) {
        if (windowStart == start) {
          counts.clear();
          windowStart = now;
        }
      }
    }
    int taken = counts.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
    if (taken > perMinute) {
      long retry = Math.max(1, (windowStart + WINDOW_MILLIS - now + 999) / 1000);
      throw new RateLimited(
          "at most " + perMinute + " visitor sessions a minute from one address", retry);
    }
  }
}
