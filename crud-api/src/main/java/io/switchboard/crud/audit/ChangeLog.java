package io.switchboard.crud.audit;

import io.switchboard.crud.outbox.OutboxWriter;
import io.switchboard.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

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
}
