package io.switchboard.crud.contact;

/** Every statement of the contact feature. */
final class ContactSql {

  static final String COLUMNS = "id, external_id, name, email, phone, created_at, version";

  static final String INSERT =
      "INSERT INTO contacts (tenant_id, external_id, name, email, phone)"
          + " VALUES ($1, $2, $3, $4, $5) RETURNING "
          + COLUMNS;

  static final String FIND = "SELECT " + COLUMNS + " FROM contacts WHERE id = $1";

  private ContactSql() {}
}
