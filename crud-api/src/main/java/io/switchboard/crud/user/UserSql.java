package io.switchboard.crud.user;

/** Every statement of the user feature; users are always aliased {@code u}. */
public final class UserSql {

  /** Columns every statement returns, in the shape {@link User#of} reads. */
  public static final String COLUMNS =
      "u.id, u.external_id, u.name, u.email, u.role, u.availability, u.created_at, u.version";

  static final String INSERT =
      "INSERT INTO users AS u (tenant_id, external_id, name, email, role)"
          + " VALUES ($1, $2, $3, $4, $5) RETURNING "
          + COLUMNS;

  static final String FIND = "SELECT " + COLUMNS + " FROM users u WHERE u.id = $1";

  static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";

  static final String UPDATE =
      "UPDATE users AS u SET name = $3, email = $4, role = $5, availability = $6,"
          + " version = u.version + 1, updated_at = now()"
          + " WHERE u.id = $1 AND u.version = $2 RETURNING "
          + COLUMNS;

  static final String DELETE = "DELETE FROM users u WHERE u.id = $1";

  static final String LIST =
      "SELECT " + COLUMNS + " FROM users u ORDER BY u.created_at, u.id LIMIT $1";

  private UserSql() {}
}
