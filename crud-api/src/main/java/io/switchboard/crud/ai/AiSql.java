package io.switchboard.crud.ai;

/** Every statement of the AI role's data: knowledge-base chunks and the audit of AI turns. */
final class AiSql {

  static final String PUBLISHED_ARTICLES =
      "SELECT id, title, body, tags, locale, version, updated_at FROM kb_articles"
          + " WHERE published ORDER BY id";

  static final String CHUNKS =
      "SELECT article_id, article_version, chunk_no, title, text, embedding FROM kb_chunks"
          + " WHERE model = $1 ORDER BY article_id, chunk_no";

  static final String DELETE_CHUNKS = "DELETE FROM kb_chunks WHERE article_id = $1 AND model = $2";

  static final String INSERT_CHUNK =
      "INSERT INTO kb_chunks (tenant_id, article_id, article_version, model, chunk_no, title, text,"
          + " embedding) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  static final String TURN_COLUMNS =
      "id, kind, conversation_id, call_id, provider, model, latency_ms, input_tokens,"
          + " output_tokens, tools, outcome, detail, created_at";

  static final String INSERT_TURN =
      "INSERT INTO ai_turns (tenant_id, kind, conversation_id, call_id, provider, model,"
          + " latency_ms, input_tokens, output_tokens, tools, outcome, detail)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";

  /** Newest first, after cursor ({@code $4} created_at, {@code $5} id) when given. */
  static final String LIST_TURNS =
      "SELECT "
          + TURN_COLUMNS
          + " FROM ai_turns WHERE ($1::uuid IS NULL OR conversation_id = $1)"
          + " AND ($2::text IS NULL OR kind = $2)"
          + " AND ($3::text IS NULL OR outcome = $3)"
          + " AND ($4::timestamptz IS NULL OR (created_at, id) < ($4, $5::uuid))"
          + " ORDER BY created_at DESC, id DESC LIMIT $6";

  private AiSql() {}
}
