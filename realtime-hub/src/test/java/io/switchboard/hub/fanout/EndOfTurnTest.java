package io.switchboard.hub.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Flushes at the end of an event-loop turn")
class EndOfTurnTest {

  @Test
  @DisplayName("what a turn schedules runs once, in order, after the turn and before a later task")
  void runsAfterTheTurn(Vertx vertx) throws Exception {
    Context loop = vertx.getOrCreateContext();
    EndOfTurn endOfTurn = new EndOfTurn(vertx);
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.runOnContext(
        turn -> {
          endOfTurn.schedule(() -> events.add("flush a"));
          endOfTurn.schedule(() -> events.add("flush b"));
          events.add("turn ends");
          loop.runOnContext(
              next -> {
                events.add("next task");
                endOfTurn.schedule(() -> events.add("flush c"));
                loop.runOnContext(last -> done.complete(null));
              });
        });
    done.get(10, TimeUnit.SECONDS);
    assertThat(events).containsExactly("turn ends", "flush a", "flush b", "next task", "flush c");
  }

  @Test
  @DisplayName("a flush that schedules again runs at the end of the next turn, not in this one")
  void rescheduling(Vertx vertx) throws Exception {
    Context loop = vertx.getOrCreateContext();
    EndOfTurn endOfTurn = new EndOfTurn(vertx);
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.runOnContext(
        turn ->
            endOfTurn.schedule(
                () -> {
                  events.add("first");
                  endOfTurn.schedule(
                      () -> {
                        events.add("second");
                        done.complete(null);
                      });
                  events.add("first done");
                }));
    done.get(10, TimeUnit.SECONDS);
    assertThat(events).containsExactly("first", "first done", "second");
  }
}
