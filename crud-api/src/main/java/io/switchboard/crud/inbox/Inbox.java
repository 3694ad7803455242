package io.switchboard.crud.inbox;

import io.switchboard.crud.http.Versioned;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One inbox: where conversations of one channel arrive.
 *
 * @param id primary key
 * @param name display name
 * @param channel chat or voice
 * @param botEnabled whether the AI agent answers its chat conversations
 * @param createdAt when it was created
 * @param version incremented by every edit
 */
public record Inbox(
    UUID id,
    String name,
    String channel,
    boolean botEnabled,
    OffsetDateTime createdAt,
    long version)
    implements Versioned {

  /** The inbox in a row of {@link InboxSql#COLUMNS}. */
  static Inbox of(Row row) {
    return new Inbox(
        row.getUUID("id"),
        row.getString("name"),
        row.getString("channel"),
        row.getBoolean("bot_enabled"),
        row.getOffsetDateTime("created_at"),
        row.getLong("version"));
  }

  /** The JSON representation of the API. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("channel", channel)
        .put("bot_enabled", botEnabled)
        .put("created_at", createdAt.toInstant().toString())
        .put("version", version);
  }
}
