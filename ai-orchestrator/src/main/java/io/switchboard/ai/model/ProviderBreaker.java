package io.switchboard.ai.model;

import java.time.Clock;

/**
 * One provider's circuit: closed while calls succeed, open after {@code failures} consecutive
 * failures (no calls at all), then after {@code resetMs} half-open for exactly one trial call whose
 * outcome closes or reopens it. Shared by every context calling the provider, hence synchronized.
 */
final class ProviderBreaker {

  private final int failures;
  private final long resetMs;
  private final Clock clock;
  private int failed;
  private long openedAt = -1;
  private boolean trialInFlight;

  ProviderBreaker(int failures, long resetMs, Clock clock) {
    this.failures = failures;
    this.resetMs = resetMs;
    this.clock = clock;
  }

  /** Whether a call may go to the provider now; in half-open state only the one trial may. */
  synchronized boolean allow() {
    if (openedAt < 0) {
      return true;
    }
    if (trialInFlight || clock.millis() - openedAt < resetMs) {
      return false;
    }
    trialInFlight = true;
    return true;
  }

  synchronized void succeeded() {
    failed = 0;
    openedAt = -1;
    trialInFlight = false;
  }

  synchronized void failed() {
    failed++;
    if (trialInFlight || failed >= failures) {
      openedAt = clock.millis();
      trialInFlight = false;
    }
  }

  synchronized boolean open() {
    return openedAt >= 0;
  }
}
