package io.switchboard.crud.inbox;

/** Every statement of the inbox feature. */
final class InboxSql {

  static final String COLUMNS = "id, name, channel, created_at, version";

  static final String INSERT =
      "INSERT INTO inboxes (tenant_id, name, channel) VALUES ($1, $2, $3) RETURNING " + COLUMNS;

  static final String FIND = "SELECT " + COLUMNS + " FROM inboxes WHERE id = $1";

  private InboxSql() {}
}
