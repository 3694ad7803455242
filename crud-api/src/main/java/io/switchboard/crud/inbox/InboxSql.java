package io.switchboard.crud.inbox;

import io.switchboard.crud.user.UserSql;

/** Every statement of the inbox feature. */
final class InboxSql {

  static final String COLUMNS = "id, name, channel, bot_enabled, created_at, version";

  static final String INSERT =
      "INSERT INTO inboxes (tenant_id, name, channel, bot_enabled) VALUES ($1, $2, $3, $4)"
          + " RETURNING "
          + COLUMNS;

  static final String FIND = "SELECT " + COLUMNS + " FROM inboxes WHERE id = $1";

  static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";

  /** Sets name {@code $3} and bot switch {@code $4} of inbox {@code $1} at version {@code $2}. */
  static final String UPDATE =
      "UPDATE inboxes SET name = $3, bot_enabled = $4, version = version + 1, updated_at = now()"
          + " WHERE id = $1 AND version = $2 RETURNING "
          + COLUMNS;

  static final String EXISTS = "SELECT 1 FROM inboxes WHERE id = $1";

  /**
   * The inbox {@code $3} if the caller may follow it: scope {@code $1} 'tenant' sees every inbox,
   * 'inbox' (agents) those whose members include the user whose external id is {@code $2}.
   */
  static final String FIND_FOLLOWED =
      "SELECT "
          + COLUMNS
          + " FROM inboxes i WHERE i.id = $3 AND ($1 = 'tenant' OR ($1 = 'inbox' AND EXISTS"
          + " (SELECT 1 FROM inbox_members m JOIN users u ON u.id = m.user_id"
          + " WHERE m.inbox_id = i.id AND u.external_id = $2)))";

  /** The most inboxes one list answers; a tenant has far fewer. */
  static final int MAX_LISTED = 500;

  /** Every inbox the caller may follow, as in {@link #FIND_FOLLOWED}, by name. */
  static final String FOLLOWED =
      "SELECT "
          + COLUMNS
          + " FROM inboxes i WHERE $1 = 'tenant' OR ($1 = 'inbox' AND EXISTS"
          + " (SELECT 1 FROM inbox_members m JOIN users u ON u.id = m.user_id"
          + " WHERE m.inbox_id = i.id AND u.external_id = $2))"
          + " ORDER BY i.name, i.id LIMIT "
          + MAX_LISTED;

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
