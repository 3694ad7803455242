package io.switchboard.crud.user;

import io.switchboard.crud.http.Versioned;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One staff member of a tenant: an agent, supervisor or admin.
 *
 * @param id primary key
 * @param externalId the {@code sub} of the user's tokens
 * @param name display name
 * @param email email address, or null
 * @param role agent, supervisor or admin
 * @param availability online, busy, away or offline
 * @param createdAt when it was created
 * @param version incremented by every edit
 */
public record User(
    UUID id,
    String externalId,
    String name,
    String email,
    String role,
    String availability,
    OffsetDateTime createdAt,
    long version)
    implements Versioned {

  /** The user in a row of {@link UserSql#COLUMNS}. */
  public static User of(Row row) {
    return new User(
        row.getUUID("id"),
        row.getString("external_id"),
        row.getString("name"),
        row.getString("email"),
        row.getString("role"),
        row.getString("availability"),
        row.getOffsetDateTime("created_at"),
        row.getLong("version"));
  }

  /** The JSON representation of the API. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("external_id", externalId)
        .put("name", name)
        .put("email", email)
        .put("role", role)
        .put("availability", availability)
        .put("created_at", createdAt.toInstant().toString())
        .put("version", version);
  }
}
