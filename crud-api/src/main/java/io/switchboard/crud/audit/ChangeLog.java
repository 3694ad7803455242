package io.switchboard.crud.audit;

import io.switchboard.crud.outbox.OutboxWriter;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.error.NotFound;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Records one change of tenant data the two ways every write must, inside its transaction: an
 * {@code audit_log} entry for who did what, and an {@code outbox} event for Kafka.
 */
public final class ChangeLog {

  private ChangeLog() {}

  /**
   * Records {@code action} (e.g. {@code update}) by {@code caller} on {@code entity} {@code
   * entityId} in the audit log, and the domain event {@code eventType} (e.g. {@code
   * ticket.updated}) with {@code body} as both the audit detail and the event payload.
   */
  public static Future<Void> record(
      SqlConnection tx,
      Caller caller,
      String action,
      String entity,
      String entityId,
      String eventType,
      JsonObject body) {
    return AuditLog.record(tx, caller.tenantId(), caller.userId(), action, entity, entityId, body)
        .compose(
            audited ->
                OutboxWriter.append(
                    tx, caller.tenantId(), eventType, entityId, caller.userId(), body))
        .mapEmpty();
  }

  /**
   * Records the deletion of {@code entity} {@code id} by {@code caller}, whose {@code DELETE} came
   * back as {@code rows}; when it deleted nothing, fails with {@code missing} and records nothing.
   */
  public static Future<Void> deleted(
      SqlConnection tx,
      Caller caller,
      RowSet<Row> rows,
      String entity,
      UUID id,
      String eventType,
      Supplier<NotFound> missing) {
    if (rows.rowCount() == 0) {
      return Future.failedFuture(missing.get());
    }
    return record(
        tx,
        caller,
        "delete",
        entity,
        id.toString(),
        eventType,
        new JsonObject().put("id", id.toString()));
  }
}
