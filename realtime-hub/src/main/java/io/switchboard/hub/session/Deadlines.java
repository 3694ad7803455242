package io.switchboard.hub.session;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task for a session once, at a deadline of its own, for every session of an event loop from
 * a single Vert.x timer: a connection's token expiry costs a queue entry (24 bytes) instead of a
 * Vert.x timer (some 190 bytes) for as long as it is connected.
 */
final class Deadlines<T extends Scheduled> {

  /** One session's deadline; cancelling lets go of the session at once. */
  static final class Entry<T extends Scheduled> {
    private T session;
    private final long dueNanos;

    private Entry(T session, long dueNanos) {
      this.session = session;
      this.dueNanos = dueNanos;
    }

    /** The task will not run; the entry itself leaves the queue at its deadline. */
    void cancel() {
      session = null;
    }
  }

  private final ContextInternal loop;
  private final Handler<T> task;
  private final PriorityQueue<Entry<T>> queue =
      new PriorityQueue<>(Comparator.comparingLong(entry -> entry.dueNanos));
  private long timer = -1;
  private long timerDueNanos;

  /**
   * @param vertx whose current context is the event loop's own (not a request's) context
   * @param task what to run for a session at its deadline, on the session's context
   */
  Deadlines(Vertx vertx, Handler<T> task) {
    // The one timer belongs to the event loop, not to the request that happened to start it.
    this.loop = ((ContextInternal) vertx.getOrCreateContext()).unwrap();
    this.task = task;
  }

  /** Runs the task for {@code session} in {@code delayMs}, unless the entry is cancelled. */
  Entry<T> add(T session, long delayMs) {
    Entry<T> entry =
        new Entry<>(session, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs));
    queue.add(entry);
    if (timer < 0 || entry.dueNanos - timerDueNanos < 0) {
      schedule();
    }
    return entry;
  }

  /** Entries queued, cancelled ones not yet dropped included. */
  int size() {
    return queue.size();
  }

  private void schedule() {
    if (timer >= 0) {
      loop.owner().cancelTimer(timer);
    }
    timerDueNanos = queue.peek().dueNanos;
    long delayMs = TimeUnit.NANOSECONDS.toMillis(timerDueNanos - System.nanoTime());
    timer = loop.setTimer(Math.max(1, delayMs), id -> fire());
  }

  private void fire() {
    timer = -1;
    long now = System.nanoTime();
    while (!queue.isEmpty() && queue.peek().dueNanos - now <= 0) {
      T session = queue.poll().session;
      if (session != null && !session.closed()) {
        session.context().emit(session, task);
      }
    }
    if (!queue.isEmpty()) {
      schedule();
    }
  }
}
