package io.switchboard.crud.ai;

/** Every statement of the AI role's data: knowledge-base chunks and the audit of AI turns. */
final class AiSql {

  static final String PUBLISHED_ARTICLES =
      "SELECT id, title, body, tags, locale, version, updated_at FROM kb_articles"
          + " WHERE published ORDER BY id";

  static final String CHUNKS =
      "SELECT article_id, article_version, chunk_no, title, text, embedding FROM kb_chunks"
          + " WHERE model = $1 ORDER BY article_id, chunk_no";

  /**
   * With a vector column, the chunks already in it, without their embedding (the database searches
   * the vectors): a chunk stored before the database had pgvector is left out, so the AI role
   * embeds its article again and it is stored with a vector.
   */
  static final String INDEXED_CHUNKS =
      "SELECT article_id, article_version, chunk_no, title, text FROM kb_chunks"
          + " WHERE model = $1 AND vec IS NOT NULL ORDER BY article_id, chunk_no";

  static final String DELETE_CHUNKS = "DELETE FROM kb_chunks WHERE article_id = $1 AND model = $2";

  static final String INSERT_CHUNK =
      "INSERT INTO kb_chunks (tenant_id, article_id, article_version, model, chunk_no, title, text,"
          + " embedding) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  static final String INSERT_INDEXED_CHUNK =
      "INSERT INTO kb_chunks (tenant_id, article_id, article_version, model, chunk_no, title, text,"
          + " embedding, vec) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CAST($9::text AS vector))";

  // pgvector: the extension is found and enabled when the database offers it, and kb_chunks gets
  // a vector column beside the portable bytea one. HNSW indexes need a fixed dimension, so the
  // index covers 384, the dimension of the embedded MiniLM model; others are searched exactly.

  static final String VECTOR_EXTENSION =
      "SELECT installed_version FROM pg_available_extensions WHERE name = 'vector'";

  static final String CREATE_VECTOR_EXTENSION = "CREATE EXTENSION IF NOT EXISTS vector";

  static final String ADD_VECTOR_COLUMN =
      "ALTER TABLE kb_chunks ADD COLUMN IF NOT EXISTS vec vector";

  static final String CREATE_VECTOR_INDEX =
      "CREATE INDEX IF NOT EXISTS kb_chunks_vec_384 ON kb_chunks"
          + " USING hnsw ((vec::vector(384)) vector_cosine_ops) WHERE vector_dims(vec) = 384";

  static final String VECTOR_COLUMN_EXISTS =
      "SELECT count(*) AS n FROM information_schema.columns"
          + " WHERE table_name = 'kb_chunks' AND column_name = 'vec'";

  /**
   * Row-level security filters what the index returns; an iterative scan keeps looking until it has
   * enough of this tenant's rows instead of stopping at {@code hnsw.ef_search} of everyone's.
   */
  static final String ITERATIVE_SCAN =
      "SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true)";

  /**
   * The nearest chunks by cosine ({@code $2} the question's vector as text, {@code $3} how many),
   * through the HNSW index, together with the chunks {@code $4}/{@code $5} (article ids and chunk
   * numbers) that the caller found by keyword; each with its cosine similarity, the most similar
   * first.
   */
  static final String NEAREST_384 =
      nearest("384", "vec::vector(384) <=> CAST($2::text AS vector(384))");

  /** {@link #NEAREST_384} for any other dimension ({@code $6}): exact, without an index. */
  static final String NEAREST = nearest("$6", "vec <=> CAST($2::text AS vector)");

  /** The nearest-chunks query for vectors of {@code dimensions}, ordered by {@code distance}. */
  private static String nearest(String dimensions, String distance) {
    String similarity = "1 - (vec <=> CAST($2::text AS vector))";
    String ofModel = " FROM kb_chunks WHERE model = $1 AND vector_dims(vec) = " + dimensions;
    return "(SELECT article_id, chunk_no, "
        + similarity
        + " AS similarity"
        + ofModel
        + " ORDER BY "
        + distance
        + " LIMIT $3) UNION SELECT article_id, chunk_no, "
        + similarity
        + ofModel
        + " AND (article_id, chunk_no) IN (SELECT * FROM unnest($4::uuid[], $5::int[]))"
        + " ORDER BY similarity DESC";
  }

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
