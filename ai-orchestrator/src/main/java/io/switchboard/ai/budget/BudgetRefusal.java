package io.switchboard.ai.budget;

import io.switchboard.platform.error.RateLimited;
import java.time.Clock;

/** The minute windows of AI budgets and the refusal when one is spent. */
final class BudgetRefusal {

  private static final long MINUTE_MS = 60_000;

  private BudgetRefusal() {}

  static long epochMinute(Clock clock) {
    return clock.millis() / MINUTE_MS;
  }

  /** Seconds until the next minute's window opens, at least one. */
  static long retryAfterSeconds(Clock clock) {
    return Math.max(1, (MINUTE_MS - clock.millis() % MINUTE_MS + 999) / 1000);
  }

  static RateLimited requests(Clock clock) {
    return new RateLimited(
        "the tenant's AI requests per minute are spent", retryAfterSeconds(clock));
  }

  static RateLimited tokens(Clock clock) {
    return new RateLimited("the tenant's AI tokens per minute are spent", retryAfterSeconds(clock));
  }
}
