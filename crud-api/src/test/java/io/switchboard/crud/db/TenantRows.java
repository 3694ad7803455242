package io.switchboard.crud.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** A tenant's row in the shared test database, for tests that seed tenants of their own. */
public final class TenantRows {

  private TenantRows() {}

  /** Inserts the row of tenant {@code tenant}, named after its key, in transaction {@code tx}. */
  public static Future<Void> insert(SqlConnection tx, String tenant) {
    return tx.preparedQuery("INSERT INTO tenants (id, name) VALUES ($1, $1)")
        .execute(Tuple.of(tenant))
        .mapEmpty();
  }
}
