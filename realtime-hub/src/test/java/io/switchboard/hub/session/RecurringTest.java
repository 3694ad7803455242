package io.switchboard.hub.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A task every period for each session of an event loop, from one timer")
class RecurringTest {

  private static final long PERIOD_MS = 200;

  private Vertx vertx;
  private Context loop;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private <T> T onLoop(java.util.function.Supplier<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(v -> result.complete(action.get()));
    return result.get(5, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName(
      "runs each session's task a period after it was added, then every period, on the"
          + " session's own context; a closed session's and a cancelled entry's task stop")
  void runsEveryPeriodUntilClosedOrCancelled() throws Exception {
    ContextInternal sessionContext = ((ContextInternal) loop).duplicate();
    Recurring<FakeSession> recurring =
        onLoop(
            () ->
                new Recurring<FakeSession>(
                    vertx,
                    PERIOD_MS,
                    session -> {
                      assertThat(Vertx.currentContext()).isSameAs(session.context());
                      session.ran();
                    }));
    FakeSession first = new FakeSession("first", sessionContext);
    FakeSession second = new FakeSession("second", sessionContext);
    FakeSession third = new FakeSession("third", sessionContext);
    long addedAt = System.nanoTime();
    onLoop(() -> recurring.add(first));
    Thread.sleep(PERIOD_MS / 2);
    onLoop(() -> recurring.add(second));
    Recurring.Entry<FakeSession> thirdEntry = onLoop(() -> recurring.add(third));

    Thread.sleep(PERIOD_MS * 3 + PERIOD_MS / 4);
    assertThat(first.ranAtNanos).hasSizeBetween(2, 4);
    assertThat(second.ranAtNanos).hasSizeBetween(1, 4);
    assertThat(first.ranAtNanos.get(0) - addedAt)
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(PERIOD_MS - 5));

    first.closed = true;
    onLoop(
        () -> {
          thirdEntry.cancel();
          return null;
        });
    int firstRuns = first.ranAtNanos.size();
    int thirdRuns = third.ranAtNanos.size();
    int secondRuns = second.ranAtNanos.size();
    Thread.sleep(PERIOD_MS * 3);
    assertThat(first.ranAtNanos).hasSize(firstRuns);
    assertThat(third.ranAtNanos).hasSize(thirdRuns);
    assertThat(second.ranAtNanos.size()).isGreaterThan(secondRuns);
    // Closed and cancelled ones are dropped as they come due: only the second stays queued.
    assertThat(onLoop(recurring::size)).isEqualTo(1);
  }
}
