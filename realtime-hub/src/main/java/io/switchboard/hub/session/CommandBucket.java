package io.switchboard.hub.session;

import java.time.Clock;

/**
 * One connection's command budget, a token bucket held by the connection itself: a command costs a
 * token, tokens come back at {@code hub.commands-per-second} up to {@code hub.commands-burst}, and
 * a client that keeps sending with an empty bucket is told to go.
 */
final class CommandBucket {

  /**
   * Refused commands within {@link #REFUSAL_WINDOW_MS} that close the connection: no SDK retries a
   * refused command that often, only a client that ignores the refusals and floods on.
   */
  static final int MAX_REFUSALS = 100;

  /** The window {@link #MAX_REFUSALS} is counted in, starting at the first refusal. */
  static final long REFUSAL_WINDOW_MS = 1_000;

  /** What to do with a command. */
  enum Verdict {
    /** Run it. */
    RUN,
    /** Answer it with error 111 and do not run it. */
    REFUSE,
    /** Do not run it, and close the connection. */
    CLOSE
  }

  private final Clock clock;
  private final double tokensPerMs;
  private final int burst;
  private double tokens;
  private long lastMs;
  private int refusals;
  private long refusalsSinceMs;

  CommandBucket(Clock clock, double perSecond, int burst) {
    this.clock = clock;
    this.tokensPerMs = perSecond / 1_000;
    this.burst = burst;
    this.tokens = burst;
    this.lastMs = clock.millis();
  }

  /** Takes a token for one command; allocates nothing, as it runs for every command. */
  Verdict take() {
    long now = clock.millis();
    // A wall clock set back gives no tokens, and takes none either.
    long elapsed = Math.max(0, now - lastMs);
    lastMs = now;
    tokens = Math.min(burst, tokens + elapsed * tokensPerMs);
    if (tokens >= 1) {
      tokens -= 1;
      return Verdict.RUN;
    }
    if (refusals == 0 || now - refusalsSinceMs >= REFUSAL_WINDOW_MS) {
      refusals = 0;
      refusalsSinceMs = now;
    }
    refusals++;
    return refusals > MAX_REFUSALS ? Verdict.CLOSE : Verdict.REFUSE;
  }
}
