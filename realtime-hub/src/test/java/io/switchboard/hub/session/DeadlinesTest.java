package io.switchboard.hub.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A task at each session's own deadline, from one timer for the event loop")
class DeadlinesTest {

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
      "runs tasks in deadline order, however they were added, once each; not for a cancelled"
          + " entry or a closed session")
  void runsAtDeadlines() throws Exception {
    ContextInternal sessionContext = ((ContextInternal) loop).duplicate();
    List<String> order = new CopyOnWriteArrayList<>();
    Deadlines<FakeSession> deadlines =
        onLoop(
            () ->
                new Deadlines<FakeSession>(
                    vertx,
                    session -> {
                      assertThat(Vertx.currentContext()).isSameAs(session.context());
                      order.add(session.name);
                    }));
    FakeSession late = new FakeSession("late", sessionContext);
    FakeSession early = new FakeSession("early", sessionContext);
    FakeSession cancelled = new FakeSession("cancelled", sessionContext);
    FakeSession closed = new FakeSession("closed", sessionContext);
    long start = System.nanoTime();
    onLoop(() -> deadlines.add(late, 600));
    // An earlier deadline added after a later one still comes first.
    onLoop(() -> deadlines.add(early, 200));
    Deadlines.Entry<FakeSession> entry = onLoop(() -> deadlines.add(cancelled, 300));
    onLoop(() -> deadlines.add(closed, 400));
    onLoop(
        () -> {
          entry.cancel();
          return null;
        });
    closed.closed = true;

    Thread.sleep(350);
    assertThat(order).containsExactly("early");
    assertThat(System.nanoTime() - start)
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
    Thread.sleep(900);
    assertThat(order).containsExactly("early", "late");
    assertThat(onLoop(deadlines::size)).isZero();
  }
}
