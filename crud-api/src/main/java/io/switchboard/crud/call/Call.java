package io.switchboard.crud.call;

import io.switchboard.crud.http.Versioned;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One voice call.
 *
 * @param id primary key
 * @param conversationId the conversation it belongs to, or null
 * @param state ringing, in-progress, ended or failed
 * @param direction inbound or outbound
 * @param startedAt when it started ringing
 * @param answeredAt when it went in progress, or null
 * @param endedAt when it ended or failed, or null
 * @param recordingRef where the recording is stored, or null
 * @param transcript segments of {speaker, text, startMs, endMs}, in the order appended
 * @param createdAt when it was created
 * @param updatedAt when it last changed, the list order
 * @param version incremented by every edit; the ETag
 */
public record Call(
    UUID id,
    UUID conversationId,
    String state,
    String direction,
    OffsetDateTime startedAt,
    OffsetDateTime answeredAt,
    OffsetDateTime endedAt,
    String recordingRef,
    JsonArray transcript,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    long version)
    implements Versioned {

  /** The call in a row of {@link CallSql#COLUMNS}. */
  static Call of(Row row) {
    Object transcript = row.getValue("transcript");
    return new Call(
        row.getUUID("id"),
        row.getUUID("conversation_id"),
        row.getString("state"),
        row.getString("direction"),
        row.getOffsetDateTime("started_at"),
        row.getOffsetDateTime("answered_at"),
        row.getOffsetDateTime("ended_at"),
        row.getString("recording_ref"),
        transcript instanceof JsonArray array ? array : new JsonArray(),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"),
        row.getLong("version"));
  }

  /** The JSON representation of the API. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("conversation_id", conversationId == null ? null : conversationId.toString())
        .put("state", state)
        .put("direction", direction)
        .put("started_at", startedAt.toInstant().toString())
        .put("answered_at", answeredAt == null ? null : answeredAt.toInstant().toString())
        .put("ended_at", endedAt == null ? null : endedAt.toInstant().toString())
        .put("recording_ref", recordingRef)
        .put("transcript", transcript.copy())
        .put("created_at", createdAt.toInstant().toString())
        .put("updated_at", updatedAt.toInstant().toString())
        .put("version", version);
  }
}
