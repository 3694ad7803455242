package io.switchboard.crud.ticket;

import io.switchboard.crud.http.Versioned;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One internal support ticket.
 *
 * @param id primary key
 * @param subject what it is about
 * @param status open, pending, solved or closed
 * @param priority low, medium, high or urgent
 * @param slaDueAt when it must be solved by, or null
 * @param assigneeId the assigned user, or null
 * @param conversationId the conversation it came from, or null
 * @param createdAt when it was created
 * @param updatedAt when it last changed, the list order
 * @param version incremented by every edit; the ETag
 */
public record Ticket(
    UUID id,
    String subject,
    String status,
    String priority,
    OffsetDateTime slaDueAt,
    UUID assigneeId,
    UUID conversationId,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    long version)
    implements Versioned {

  /** The ticket in a row of {@link TicketSql#COLUMNS}. */
  static Ticket of(Row row) {
    return new Ticket(
        row.getUUID("id"),
        row.getString("subject"),
        row.getString("status"),
        row.getString("priority"),
        row.getOffsetDateTime("sla_due_at"),
        row.getUUID("assignee_id"),
        row.getUUID("conversation_id"),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"),
        row.getLong("version"));
  }

  /** The JSON representation of the API. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("subject", subject)
        .put("status", status)
        .put("priority", priority)
        .put("sla_due_at", slaDueAt == null ? null : slaDueAt.toInstant().toString())
        .put("assignee_id", assigneeId == null ? null : assigneeId.toString())
        .put("conversation_id", conversationId == null ? null : conversationId.toString())
        .put("created_at", createdAt.toInstant().toString())
        .put("updated_at", updatedAt.toInstant().toString())
        .put("version", version);
  }
}
