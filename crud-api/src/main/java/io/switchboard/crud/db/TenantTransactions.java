package io.switchboard.crud.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/**
 * Runs work in a transaction scoped to one tenant: the transaction switches to the role that
 * row-level security applies to and sets {@code app.tenant_id}, so even a query that forgets its
 * tenant filter sees and changes only that tenant's rows.
 */
public final class TenantTransactions {

  /** The role every tenant transaction runs as; created by the first migration. */
  public static final String APP_ROLE = "switchboard_app";

  // Both settings are transaction-local (is_local = true), so a pooled connection never carries
  // one tenant into the next transaction.
  private static final String ENTER_TENANT =
      "SELECT set_config('role', '" + APP_ROLE + "', true), set_config('app.tenant_id', $1, true)";

  private final Pool pool;

  public TenantTransactions(Pool pool) {
    this.pool = pool;
  }

  /** Runs {@code work} in one transaction as {@code tenantId}; commits when it succeeds. */
  public <T> Future<T> inTenant(String tenantId, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(
        connection -> {
          // Not awaited: the connection pipelines the work's first statement right behind it, and
          // PostgreSQL runs them in order, so the work still runs as the tenant, one round trip
          // sooner. If entering fails, the transaction fails and rolls back with it.
          Future<?> entered = connection.preparedQuery(ENTER_TENANT).execute(Tuple.of(tenantId));
          Future<T> done = work.apply(connection);
          return Future.all(entered, done).map(both -> done.result());
        });
  }
}
