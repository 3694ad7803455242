package io.switchboard.hub.session;

import io.vertx.core.internal.ContextInternal;

/**
 * A connection as the event loop's shared schedules ({@link Recurring}, {@link Deadlines}) see it.
 */
interface Scheduled {

  /** The context the connection's handlers run on; its scheduled tasks run there too. */
  ContextInternal context();

  /** True once the connection closed: its tasks no longer run. */
  boolean closed();
}
