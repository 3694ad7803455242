package io.switchboard.crud.db;

import io.vertx.core.Future;

/**
 * Ends a tenant transaction from inside its work: the COMMIT is sent at once, right behind the
 * statements sent so far, so that it travels with them instead of a round trip later. Work that
 * holds row locks uses it to hold them no longer than PostgreSQL needs.
 */
@FunctionalInterface
public interface Commit {

  /** For work whose caller commits after it completes: sends nothing. */
  Commit LATER = Future::succeededFuture;

  /**
   * Sends COMMIT now. After a statement sent before it failed, PostgreSQL answers it with a
   * rollback: the work must treat its own statements' results, not this future alone, as the
   * outcome.
   */
  Future<Void> now();
}
