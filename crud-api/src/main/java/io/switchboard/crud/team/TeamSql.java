package io.switchboard.crud.team;

/** Every statement of the team feature; row-level security confines them to the tenant. */
final class TeamSql {

  static final String COLUMNS = "t.id, t.name, t.created_at, t.updated_at, t.version";

  static final String INSERT =
      "INSERT INTO teams AS t (tenant_id, name) VALUES ($1, $2) RETURNING " + COLUMNS;

  static final String FIND = "SELECT " + COLUMNS + " FROM teams t WHERE t.id = $1";

  static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";

  static final String UPDATE =
      "UPDATE teams AS t SET name = $3, version = t.version + 1, updated_at = now()"
          + " WHERE t.id = $1 AND t.version = $2 RETURNING "
          + COLUMNS;

  static final String DELETE = "DELETE FROM teams t WHERE t.id = $1";

  static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM teams t WHERE ($1::timestamptz IS NULL OR (t.updated_at, t.id) > ($1, $2::uuid))"
          + " ORDER BY t.updated_at ASC, t.id ASC LIMIT $3";

  /** Checked first so that an unknown user is a 404 rather than a foreign-key conflict. */
  static final String USER_EXISTS = "SELECT 1 FROM users WHERE id = $1";

  static final String ADD_MEMBER =
      "INSERT INTO team_members (tenant_id, team_id, user_id) VALUES ($1, $2, $3)"
          + " ON CONFLICT (team_id, user_id) DO NOTHING";

  static final String REMOVE_MEMBER =
      "DELETE FROM team_members WHERE team_id = $1 AND user_id = $2";

  private TeamSql() {}
}
