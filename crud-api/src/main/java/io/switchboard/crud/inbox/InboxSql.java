package io.switchboard.crud.inbox;

import io.switchboard.crud.user.UserSql;

/** Every statement of the inbox feature. */
final class InboxSql {

  static final String COLUMNS = "id, name, channel, created_at, version";

  static final String INSERT =
      "INSERT INTO inboxes (tenant_id, name, channel) VALUES ($1, $2, $3) RETURNING " + COLUMNS;

  static final String FIND = "SELECT " + COLUMNS + " FROM inboxes WHERE id = $1";

  static final String EXISTS = "SELECT 1 FROM inboxes WHERE id = $1";

  static final String ADD_MEMBER =
      "INSERT INTO inbox_members (tenant_id, inbox_id, user_id) VALUES ($1, $2, $3)"
          + " ON CONFLICT (inbox_id, user_id) DO NOTHING";

  static final String REMOVE_MEMBER =
      "DELETE FROM inbox_members WHERE inbox_id = $1 AND user_id = $2";

  static final String MEMBERS =
      "SELECT "
          + UserSql.COLUMNS
          + " FROM inbox_members m JOIN users u ON u.id = m.user_id"
          + " WHERE m.inbox_id = $1 ORDER BY u.name, u.id LIMIT $2";

  private InboxSql() {}
}
