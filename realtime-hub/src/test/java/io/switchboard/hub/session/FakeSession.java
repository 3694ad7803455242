package io.switchboard.hub.session;

import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.CopyOnWriteArrayList;

/** A connection for the shared schedules' tests: records when its tasks ran. */
final class FakeSession implements Scheduled {

  final String name;
  final CopyOnWriteArrayList<Long> ranAtNanos = new CopyOnWriteArrayList<>();
  private final ContextInternal context;
  volatile boolean closed;

  FakeSession(String name, ContextInternal context) {
    this.name = name;
    this.context = context;
  }

  void ran() {
    ranAtNanos.add(System.nanoTime());
  }

  @Override
  public ContextInternal context() {
    return context;
  }

  @Override
  public boolean closed() {
    return closed;
  }
}
