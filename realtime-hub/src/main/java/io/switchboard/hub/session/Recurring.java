package io.switchboard.hub.session;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task for every connected session of an event loop, each {@code periodMs} after it was
 * added and then every {@code periodMs}, from a single Vert.x timer.
 *
 * <p>A Vert.x timer per session and task costs a scheduled task, a timer handler, a map entry, a
 * boxed id and a lambda, some 190 bytes, for every idle connection. Since every session here has
 * the same period, sessions come due in the order they were added: a queue of entries in that
 * order, with one timer set for its head, is all the state needed, 24 bytes a session.
 */
final class Recurring<T extends Scheduled> {

  /** One session's place in the queue; cancelling lets go of the session at once. */
  static final class Entry<T extends Scheduled> {
    private T session;
    private long dueNanos;

    private Entry(T session, long dueNanos) {
      this.session = session;
      this.dueNanos = dueNanos;
    }

    /** Stops the task for this session; the entry itself leaves the queue when it comes due. */
    void cancel() {
      session = null;
    }
  }

  private final ContextInternal loop;
  private final long periodNanos;
  private final Handler<T> task;
  private final ArrayDeque<Entry<T>> queue = new ArrayDeque<>();
  private long timer = -1;

  /**
   * @param vertx whose current context is the event loop's own (not a request's) context
   * @param task what to run for a session when it comes due, on the session's context
   */
  Recurring(Vertx vertx, long periodMs, Handler<T> task) {
    // The one timer belongs to the event loop, not to the request that happened to start it.
    this.loop = ((ContextInternal) vertx.getOrCreateContext()).unwrap();
    this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMs);
    this.task = task;
  }

  /** Runs the task for {@code session} every period from now until the entry is cancelled. */
  Entry<T> add(T session) {
    Entry<T> entry = new Entry<>(session, System.nanoTime() + periodNanos);
    queue.addLast(entry);
    if (timer < 0) {
      schedule();
    }
    return entry;
  }

  /** Entries queued, cancelled ones not yet dropped included. */
  int size() {
    return queue.size();
  }

  private void schedule() {
    long delayMs = TimeUnit.NANOSECONDS.toMillis(queue.peekFirst().dueNanos - System.nanoTime());
    timer = loop.setTimer(Math.max(1, delayMs), id -> fire());
  }

  private void fire() {
    timer = -1;
    long now = System.nanoTime();
    // Only those due now: an entry put back lands behind them, due a period later.
    int due = 0;
    for (Entry<T> entry : queue) {
      if (entry.dueNanos - now > 0) {
        break;
      }
      due++;
    }
    for (int i = 0; i < due; i++) {
      Entry<T> entry = queue.pollFirst();
      T session = entry.session;
      if (session == null || session.closed()) {
        continue;
      }
      session.context().emit(session, task);
      if (entry.session != null && !session.closed()) {
        // From now, not from when it was due: a late timer must not make sessions fire twice in a
        // row, and due times stay in the order of the queue.
        entry.dueNanos = now + periodNanos;
        queue.addLast(entry);
      }
    }
    if (!queue.isEmpty()) {
      schedule();
    }
  }
}
