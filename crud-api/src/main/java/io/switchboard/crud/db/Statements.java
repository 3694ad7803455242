package io.switchboard.crud.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Where a read sends its prepared statements: a transaction's connection, or the statements of a
 * {@link TenantTransactions#readInOneTrip one-trip read}, which must all be sent before its commit.
 */
@FunctionalInterface
public interface Statements {

  /** Sends {@code sql} with {@code params}; answers its rows. */
  Future<RowSet<Row>> execute(String sql, Tuple params);

  /** Statements sent on {@code tx}. */
  static Statements of(SqlConnection tx) {
    return (sql, params) -> tx.preparedQuery(sql).execute(params);
  }
}
