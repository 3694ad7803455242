package io.switchboard.crud.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.BiFunction;
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

  // A one-trip read looks rows up by id, for which the plan PostgreSQL keeps for a prepared
  // statement is as good as a fresh one. Left to choose, it plans statements that test the caller's
  // scope afresh every time (the plan for one scope looks cheaper than the plan for all), which
  // cost more than running them.
  private static final String ENTER_TENANT_TO_READ =
      ENTER_TENANT + ", set_config('plan_cache_mode', 'force_generic_plan', true)";

  private final Pool pool;

  public TenantTransactions(Pool pool) {
    this.pool = pool;
  }

  /**
   * Runs {@code work} in one transaction as {@code tenantId}; commits when it succeeds, rolls back
   * when it fails.
   */
  public <T> Future<T> inTenant(String tenantId, Function<SqlConnection, Future<T>> work) {
    return inTenant(tenantId, (connection, commit) -> work.apply(connection));
  }

  /**
   * As {@link #inTenant(String, Function)}, for work that may end the transaction itself with the
   * {@link Commit} it is given, right behind its last statement. Once the work has sent it, nothing
   * more is sent: the transaction's outcome is the work's.
   */
  public <T> Future<T> inTenant(
      String tenantId, BiFunction<SqlConnection, Commit, Future<T>> work) {
    return pool.withConnection(
        connection -> {
          // Nothing is awaited before the work: BEGIN, entering the tenant and the work's first
          // statement travel in one write and PostgreSQL runs them in order, so the work still
          // runs inside the transaction as the tenant. A read of one statement costs two round
          // trips this way (that write, then COMMIT) instead of four. If BEGIN or entering fails,
          // every statement after it fails too, and the transaction is rolled back.
          Future<?> begun = connection.query("BEGIN").execute();
          Future<?> entered = connection.preparedQuery(ENTER_TENANT).execute(Tuple.of(tenantId));
          EarlyCommit commit = new EarlyCommit(connection);
          Future<T> done;
          try {
            done = work.apply(connection, commit);
          } catch (RuntimeException e) {
            done = Future.failedFuture(e);
          }
          Future<T> result = done;
          // join, not all: the end of the transaction waits for the work to finish, so no
          // statement of the work can come after it and run outside the transaction.
          return Future.join(begun, entered, result)
              .transform(
                  all -> {
                    if (commit.sent != null) {
                      // Ended by the work: committed only if its statements and the commit were.
                      return commit.sent.transform(
                          committed ->
                              all.failed()
                                  ? Future.failedFuture(all.cause())
                                  : committed.failed()
                                      ? Future.failedFuture(committed.cause())
                                      : result);
                    }
                    return all.succeeded()
                        ? connection.query("COMMIT").execute().map(committed -> result.result())
                        : connection
                            .query("ROLLBACK")
                            .execute()
                            .otherwiseEmpty()
                            .compose(rolledBack -> Future.failedFuture(all.cause()));
                  });
        });
  }

  /** The COMMIT a work sends itself; sent once at most. */
  private static final class EarlyCommit implements Commit {
    private final SqlConnection connection;
    // Touched only on the connection's event loop.
    private Future<Void> sent;

    EarlyCommit(SqlConnection connection) {
      this.connection = connection;
    }

    @Override
    public Future<Void> now() {
      if (sent == null) {
        sent = connection.query("COMMIT").execute().mapEmpty();
      }
      return sent;
    }
  }

  /**
   * Runs the read {@code work} as {@code tenantId} in one round trip: {@code BEGIN READ ONLY},
   * entering the tenant, every statement {@code work} sends while it runs, and {@code COMMIT}
   * travel in one write. A statement sent later, from a callback, would come after the commit and
   * run outside the tenant; it is refused instead, and the read fails. Use {@link #inTenant} for
   * reads whose statements depend on one another.
   */
  public <T> Future<T> readInOneTrip(String tenantId, Function<Statements, Future<T>> work) {
    return pool.withConnection(
        connection -> {
          Future<?> begun = connection.query("BEGIN READ ONLY").execute();
          Future<?> entered =
              connection.preparedQuery(ENTER_TENANT_TO_READ).execute(Tuple.of(tenantId));
          BeforeCommit statements = new BeforeCommit(connection);
          Future<T> done;
          try {
            done = work.apply(statements);
          } catch (RuntimeException e) {
            done = Future.failedFuture(e);
          }
          statements.seal();
          // After a failed statement PostgreSQL answers this COMMIT with a rollback.
          Future<?> committed = connection.query("COMMIT").execute();
          Future<T> result = done;
          return Future.join(begun, entered, result, committed)
              // The work's own failure (a 404, say) says more than a statement around it; any
              // other failure withholds the result too, as it may not have run as the tenant.
              .transform(
                  all ->
                      all.succeeded() || result.failed()
                          ? result
                          : Future.failedFuture(all.cause()));
        });
  }

  /** The statements of a one-trip read: sent as asked until the commit is queued, then refused. */
  private static final class BeforeCommit implements Statements {
    private final SqlConnection connection;
    // Touched only on the connection's event loop.
    private boolean sealed;

    BeforeCommit(SqlConnection connection) {
      this.connection = connection;
    }

    @Override
    public Future<RowSet<Row>> execute(String sql, Tuple params) {
      if (sealed) {
        return Future.failedFuture(
            new IllegalStateException("a one-trip read sent a statement after its commit: " + sql));
      }
      return connection.preparedQuery(sql).execute(params);
    }

    void seal() {
      sealed = true;
    }
  }
}
