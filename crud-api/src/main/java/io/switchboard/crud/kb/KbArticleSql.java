package io.switchboard.crud.kb;

/**
 * Every statement of the knowledge-base feature. Reads bind as {@code $1} whether the caller may
 * see drafts, so customers only ever get published articles; row-level security confines every
 * statement to the tenant.
 */
final class KbArticleSql {

  static final String COLUMNS =
      "id, title, body, tags, locale, published, created_at, updated_at, version";

  static final String INSERT =
      "INSERT INTO kb_articles (tenant_id, title, body, tags, locale, published)"
          + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
          + COLUMNS;

  static final String FIND =
      "SELECT " + COLUMNS + " FROM kb_articles WHERE ($1 OR published) AND id = $2";

  static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";

  static final String UPDATE =
      "UPDATE kb_articles SET title = $3, body = $4, tags = $5, locale = $6, published = $7,"
          + " version = version + 1, updated_at = now()"
          + " WHERE id = $1 AND version = $2 RETURNING "
          + COLUMNS;

  static final String DELETE = "DELETE FROM kb_articles WHERE id = $1";

  static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM kb_articles WHERE ($1 OR published)"
          + " AND ($2::boolean IS NULL OR published = $2)"
          + " AND ($3::text IS NULL OR locale = $3)"
          + " AND ($4::text IS NULL OR $4 = ANY (tags))"
          + " AND ($5::timestamptz IS NULL OR (updated_at, id) > ($5, $6::uuid))"
          + " ORDER BY updated_at, id LIMIT $7";

  private KbArticleSql() {}
}
