package io.switchboard.loadtests.hub;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

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
}
