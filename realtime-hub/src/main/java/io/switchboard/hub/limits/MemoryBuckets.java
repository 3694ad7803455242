package io.switchboard.hub.limits;

import java.util.HashMap;
import java.util.Map;

/**
 * Token buckets kept in one process, with the arithmetic of {@link RateLimitScripts#TAKE_TOKEN},
 * for the parts that serve a single process from memory. Not thread-safe: its owner holds its own
 * lock.
 */
public final class MemoryBuckets {

  private record State(double tokens, long ts, Rate rate) {}

  private final Map<String, State> states = new HashMap<>();

  /** Takes one token from {@code tenant}'s {@code bucket} at {@code now} ms; false when empty. */
  public boolean take(String tenant, Bucket bucket, long now) {
    String key = bucket.key(tenant);
    Rate rate = bucket.rate();
    State state = states.get(key);
    double tokens = state == null ? rate.burst() : state.tokens();
    long ts = state == null ? now : state.ts();
    if (now > ts) {
      tokens = refilled(tokens, now - ts, rate);
      ts = now;
    }
    boolean taken = tokens >= 1;
    if (taken) {
      tokens -= 1;
    }
    if (tokens >= rate.burst()) {
      states.remove(key);
    } else {
      states.put(key, new State(tokens, ts, rate));
    }
    return taken;
  }

  /**
   * Forgets the buckets that are full again at {@code now}: a full bucket equals no bucket, as the
   * Redis keys expire.
   */
  public void sweep(long now) {
    states
        .values()
        .removeIf(
            state ->
                now > state.ts()
                    && refilled(state.tokens(), now - state.ts(), state.rate())
                        >= state.rate().burst());
  }

  /** How many buckets it keeps: those not full at their last use. */
  int size() {
    return states.size();
  }

  private static double refilled(double tokens, long elapsedMs, Rate rate) {
    return Math.min(rate.burst(), tokens + elapsedMs * rate.perSecond() / 1000);
  }
}
