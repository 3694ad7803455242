package io.switchboard.ai.budget;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Each tenant's budget of the current minute in this node's memory: one node, and tests. */
public final class InMemoryAiBudget implements AiBudget {

  private final Clock clock;
  private final Map<String, Window> windows = new HashMap<>();

  public InMemoryAiBudget(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Future<Void> take(
      String tenant, int tokens, int requestsPerMinute, int tokensPerMinute) {
    Window window = current(tenant);
    if (window.requests + 1 > requestsPerMinute) {
      return Future.failedFuture(BudgetRefusal.requests(clock));
    }
    if (window.tokens + tokens > tokensPerMinute) {
      return Future.failedFuture(BudgetRefusal.tokens(clock));
    }
    window.requests++;
    window.tokens += tokens;
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> charge(String tenant, int tokens) {
    current(tenant).tokens += tokens;
    return Future.succeededFuture();
  }

  private Window current(String tenant) {
    long minute = BudgetRefusal.epochMinute(clock);
    Window window = windows.get(tenant);
    if (window == null || window.minute != minute) {
      // A new minute starts from nothing; the tenant's old window goes with it.
      window = new Window(minute);
      windows.put(tenant, window);
    }
    return window;
  }

  private static final class Window {
    final long minute;
    long requests;
    long tokens;

    Window(long minute) {
      this.minute = minute;
    }
  }
}
