package io.switchboard.crud.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Records who changed what and when, inside the transaction that made the change. (A batch of chat
 * messages writes its entries in its own statement: {@code MessageSql.APPEND_BATCH}.)
 */
public final class AuditLog {

  private static final String INSERT =
      "INSERT INTO audit_log (tenant_id, actor, action, entity, entity_id, detail)"
          + " VALUES ($1, $2, $3, $4, $5, $6)";

  private AuditLog() {}

  /** Appends one entry, e.g. action {@code update} on entity {@code conversation}. */
  public static Future<Void> record(
      SqlConnection tx,
      String tenantId,
      String actor,
      String action,
      String entity,
      String entityId,
      JsonObject detail) {
    return tx.preparedQuery(INSERT)
        .execute(Tuple.of(tenantId, actor, action, entity, entityId, detail))
        .mapEmpty();
  }
}
