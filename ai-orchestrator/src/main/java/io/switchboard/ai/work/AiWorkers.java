package io.switchboard.ai.work;

import io.switchboard.platform.error.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AI role's bounded worker pool: model calls and ONNX inference block, so they run here and
 * never on an event loop. At most {@code workers} jobs run at once and {@code queue} more wait;
 * past that a job fails at once with {@link Unavailable#busy}, so a burst is refused rather than
 * piled into a queue that only grows.
 */
public final class AiWorkers {

  private final WorkerExecutor executor;
  private final int capacity;
  private final AtomicInteger taken = new AtomicInteger();

  public AiWorkers(Vertx vertx, int workers, int queue) {
    this.executor = vertx.createSharedWorkerExecutor("switchboard-ai", workers);
    this.capacity = workers + queue;
  }

  /** Runs {@code job} on a worker; its result arrives on the caller's context. */
  public <T> Future<T> run(Callable<T> job) {
    if (taken.incrementAndGet() > capacity) {
      taken.decrementAndGet();
      return Future.failedFuture(Unavailable.busy("the AI agent is busy; retry shortly"));
    }
    // Unordered: jobs of different conversations must not wait for each other.
    return executor.<T>executeBlocking(job, false).onComplete(done -> taken.decrementAndGet());
  }

  /** Jobs running or waiting now. */
  public int pending() {
    return taken.get();
  }

  public Future<Void> close() {
    return executor.close();
  }
}
