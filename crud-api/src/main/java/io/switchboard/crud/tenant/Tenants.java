package io.switchboard.crud.tenant;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Makes sure the row of the caller's tenant exists before its first write: tenants are the {@code
 * tid} of verified tokens, so the first request of a new tenant creates it, named after its id.
 */
public final class Tenants {

  private static final String ENSURE =
      "INSERT INTO tenants (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING";

  private Tenants() {}

  /** Creates the tenant row inside {@code tx} unless it exists. */
  public static Future<Void> ensure(SqlConnection tx, String tenantId) {
    return tx.preparedQuery(ENSURE).execute(Tuple.of(tenantId)).mapEmpty();
  }
}
