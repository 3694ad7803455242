package io.switchboard.crud.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** Records who changed what and when, inside the transaction that made the change. */
public final class AuditLog {

  private static final String INSERT =
      "INSERT INTO audit_log (tenant_id, actor, action, entity, entity_id, detail)"
          + " VALUES ($1, $2, $3, $4, $5, $6)";

  private static final String INSERT_ALL =
      "INSERT INTO audit_log (tenant_id, actor, action, entity, entity_id, detail)"
          + " SELECT $1, actor, $2, $3, entity_id, detail::jsonb"
          + " FROM unnest($4::text[], $5::text[], $6::text[]) AS e(actor, entity_id, detail)";

  /**
   * One entry of {@link #recordAll}.
   *
   * @param actor who
   * @param entityId what
   * @param detail the change
   */
  public record Entry(String actor, String entityId, JsonObject detail) {}

  private AuditLog() {}

  /** Appends entries of one action on one kind of entity, in one statement. */
  public static Future<Void> recordAll(
      SqlConnection tx, String tenantId, String action, String entity, List<Entry> entries) {
    return tx.preparedQuery(INSERT_ALL)
        .execute(
            Tuple.of(
                tenantId,
                action,
                entity,
                entries.stream().map(Entry::actor).toArray(String[]::new),
                entries.stream().map(Entry::entityId).toArray(String[]::new),
                entries.stream().map(e -> e.detail().encode()).toArray(String[]::new)))
        .mapEmpty();
  }

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
