package io.switchboard.crud.canned;

/** Every statement of the canned-response feature; row-level security confines them. */
final class CannedResponseSql {

  static final String COLUMNS = "id, short_code, content, created_at, updated_at, version";

  static final String INSERT =
      "INSERT INTO canned_responses (tenant_id, short_code, content) VALUES ($1, $2, $3)"
          + " RETURNING "
          + COLUMNS;

  static final String FIND = "SELECT " + COLUMNS + " FROM canned_responses WHERE id = $1";

  static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";

  static final String UPDATE =
      "UPDATE canned_responses SET short_code = $3, content = $4, version = version + 1,"
          + " updated_at = now() WHERE id = $1 AND version = $2 RETURNING "
          + COLUMNS;

  static final String DELETE = "DELETE FROM canned_responses WHERE id = $1";

  /** {@code starts_with} rather than LIKE, so that {@code _} in a short code is no wildcard. */
  static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM canned_responses WHERE ($1::text IS NULL OR starts_with(short_code, $1))"
          + " AND ($2::timestamptz IS NULL OR (updated_at, id) > ($2, $3::uuid))"
          + " ORDER BY updated_at, id LIMIT $4";

  private CannedResponseSql() {}
}
