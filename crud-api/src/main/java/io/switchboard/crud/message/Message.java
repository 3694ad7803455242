package io.switchboard.crud.message;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One message of a conversation.
 *
 * @param id primary key
 * @param conversationId the conversation
 * @param offset position in the conversation, 1, 2, 3, ...
 * @param authorKind contact, agent, bot or system
 * @param authorId token subject of the author
 * @param body the text
 * @param isPrivate an internal note customers never see
 * @param clientMessageId the sender's id for idempotent sends, or null
 * @param createdAt when it was stored
 */
public record Message(
    UUID id,
    UUID conversationId,
    long offset,
    String authorKind,
    String authorId,
    String body,
    boolean isPrivate,
    String clientMessageId,
    OffsetDateTime createdAt) {

  /** The message in a row of {@link MessageSql#COLUMNS}. */
  static Message of(Row row) {
    return new Message(
        row.getUUID("id"),
        row.getUUID("conversation_id"),
        row.getLong("offset"),
        row.getString("author_kind"),
        row.getString("author_id"),
        row.getString("body"),
        row.getBoolean("private"),
        row.getString("client_message_id"),
        row.getOffsetDateTime("created_at"));
  }

  /** The JSON representation of the API. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("conversation_id", conversationId.toString())
        .put("offset", offset)
        .put("author_kind", authorKind)
        .put("author_id", authorId)
        .put("body", body)
        .put("private", isPrivate)
        .put("client_message_id", clientMessageId)
        .put("created_at", createdAt.toInstant().toString());
  }
}
