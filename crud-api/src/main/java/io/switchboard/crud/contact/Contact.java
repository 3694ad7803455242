package io.switchboard.crud.contact;

import io.switchboard.crud.http.Versioned;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One customer of a tenant.
 *
 * @param id primary key
 * @param externalId the {@code sub} of the customer's tokens, or null
 * @param name display name
 * @param email email address, or null
 * @param phone phone number, or null
 * @param createdAt when it was created
 * @param version incremented by every edit
 */
public record Contact(
    UUID id,
    String externalId,
    String name,
    String email,
    String phone,
    OffsetDateTime createdAt,
    long version)
    implements Versioned {

  /** The contact in a row of {@link ContactSql#COLUMNS}. */
  static Contact of(Row row) {
    return new Contact(
        row.getUUID("id"),
        row.getString("external_id"),
        row.getString("name"),
        row.getString("email"),
        row.getString("phone"),
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
        .put("phone", phone)
        .put("created_at", createdAt.toInstant().toString())
        .put("version", version);
  }
}
