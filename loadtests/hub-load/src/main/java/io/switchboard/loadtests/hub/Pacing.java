package io.switchboard.loadtests.hub;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

/** Runs many asynchronous tasks with at most a given number under way at once. */
final class Pacing {

  private Pacing() {}

  /** Runs {@code task(0..count-1)}, {@code concurrency} at a time; completes when all have. */
  static Future<Void> inParallel(int count, int concurrency, IntFunction<Future<?>> task) {
    Promise<Void> done = Promise.promise();
    if (count == 0) {
      done.complete();
      return done.future();
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    Runnable[] step = new Runnable[1];
    step[0] =
        () -> {
          int index = next.getAndIncrement();
          if (index >= count) {
            return;
          }
          task.apply(index)
              .onComplete(
                  result -> {
                    if (finished.incrementAndGet() == count) {
                      done.complete();
                    } else {
                      step[0].run();
                    }
                  });
        };
    for (int i = 0; i < Math.min(concurrency, count); i++) {
      step[0].run();
    }
    return done.future();
  }

  /**
   * Calls {@code send} with 1, 2, 3, ... at {@code rate} calls per second in all, checking every
   * {@code tickMs} how many are due, for as long as {@code going} holds.
   */
  static void atRate(
      Vertx vertx, long tickMs, double rate, BooleanSupplier going, LongConsumer send) {
    long start = System.nanoTime();
    long[] sent = new long[1];
    vertx.setPeriodic(
        tickMs,
        timer -> {
          if (!going.getAsBoolean()) {
            vertx.cancelTimer(timer);
            return;
          }
          long due = (long) (rate * (System.nanoTime() - start) / 1e9);
          while (sent[0] < due) {
            send.accept(++sent[0]);
          }
        });
  }
}
