package io.switchboard.ai.budget;

import io.vertx.core.Future;

/**
 * Each tenant's AI budget per minute: requests and model tokens. Shared by every node (Redis), or
 * in memory for a single node and tests.
 */
public interface AiBudget {

  /**
   * Takes one request and {@code tokens} (the prompt's estimate) from {@code tenant}'s current
   * minute; fails with {@link io.switchboard.platform.error.RateLimited} when either limit would be
   * passed, taking nothing.
   */
  Future<Void> take(String tenant, int tokens, int requestsPerMinute, int tokensPerMinute);

  /** Adds tokens used beyond the estimate (the reply's) to the current minute. */
  Future<Void> charge(String tenant, int tokens);
}
