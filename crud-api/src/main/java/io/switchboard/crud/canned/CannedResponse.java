package io.switchboard.crud.canned;

import io.switchboard.crud.http.Versioned;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One canned response: text an agent inserts by typing its short code.
 *
 * @param id primary key
 * @param shortCode what agents type, unique in the tenant
 * @param content the text inserted
 * @param createdAt when it was created
 * @param updatedAt when it last changed, the list order
 * @param version incremented by every edit; the ETag
 */
public record CannedResponse(
    UUID id,
    String shortCode,
    String content,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    long version)
    implements Versioned {

  /** The canned response in a row of {@link CannedResponseSql#COLUMNS}. */
  static CannedResponse of(Row row) {
    return new CannedResponse(
        row.getUUID("id"),
        row.getString("short_code"),
        row.getString("content"),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"),
        row.getLong("version"));
  }

  /** The JSON representation of the API. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("short_code", shortCode)
        .put("content", content)
        .put("created_at", createdAt.toInstant().toString())
        .put("updated_at", updatedAt.toInstant().toString())
        .put("version", version);
  }
}
