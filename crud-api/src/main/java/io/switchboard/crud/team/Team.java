package io.switchboard.crud.team;

import io.switchboard.crud.http.Versioned;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One team of users.
 *
 * @param id primary key
 * @param name its name, unique in the tenant
 * @param createdAt when it was created
 * @param updatedAt when it last changed, the list order
 * @param version incremented by every edit; the ETag
 */
public record Team(
    UUID id, String name, OffsetDateTime createdAt, OffsetDateTime updatedAt, long version)
    implements Versioned {

  /** The team in a row of {@link TeamSql#COLUMNS}. */
  static Team of(Row row) {
    return new Team(
        row.getUUID("id"),
        row.getString("name"),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"),
        row.getLong("version"));
  }

  /** The JSON representation of the API. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("created_at", createdAt.toInstant().toString())
        .put("updated_at", updatedAt.toInstant().toString())
        .put("version", version);
  }
}
