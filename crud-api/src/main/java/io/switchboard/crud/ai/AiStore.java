package io.switchboard.crud.ai;

import io.switchboard.crud.db.StoreRows;
import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.Paged;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.error.Conflict;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The AI role's data inside a tenant transaction: the tenant's published articles, their embedded
 * chunks per embedding model, and the audit of AI turns. Row-level security keeps every statement
 * to the transaction's tenant. Where the database has pgvector ({@link VectorColumn}) chunks are
 * also stored as vectors and the nearest ones to a question are found here.
 */
public final class AiStore {

  /** The dimension the vector index covers: that of the embedded MiniLM model. */
  static final int INDEXED_DIMENSIONS = 384;

  /**
   * One page of AI turns.
   *
   * @param items newest first
   * @param next cursor of the following page, or null on the last
   */
  public record Page(List<AiTurn> items, Cursor next) implements Paged<AiTurn> {}

  /**
   * A chunk to store.
   *
   * @param number its place in the article, from 0
   * @param title the article's title
   * @param text the chunk's text
   * @param embedding the vector as little-endian float32 bytes
   */
  public record Chunk(int number, String title, String text, Buffer embedding) {}

  private final boolean vectors;

  /** A store without vector search. */
  public AiStore() {
    this(false);
  }

  /**
   * @param vectors whether kb_chunks has the pgvector column ({@link VectorColumn#ensure})
   */
  public AiStore(boolean vectors) {
    this.vectors = vectors;
  }

  /** The tenant's published articles: {@code {"articles": [...]}}. */
  public Future<JsonObject> publishedArticles(SqlConnection tx) {
    return tx.preparedQuery(AiSql.PUBLISHED_ARTICLES)
        .execute()
        .map(
            rows -> {
              JsonArray articles = new JsonArray();
              for (Row row : rows) {
                articles.add(
                    new JsonObject()
                        .put("id", row.getUUID("id").toString())
                        .put("title", row.getString("title"))
                        .put("body", row.getString("body"))
                        .put("tags", new JsonArray(List.of(row.getArrayOfStrings("tags"))))
                        .put("locale", row.getString("locale"))
                        .put("version", row.getLong("version"))
                        .put(
                            "updated_at",
                            row.getOffsetDateTime("updated_at").toInstant().toString()));
              }
              return new JsonObject().put("articles", articles);
            });
  }

  /**
   * The stored chunks of embedding model {@code model}: {@code {"chunks": [...], "vector_search":
   * bool}}; with vector search on, the AI role asks {@link #nearest} for the dense half.
   */
  public Future<JsonObject> chunks(SqlConnection tx, String model) {
    return tx.preparedQuery(vectors ? AiSql.INDEXED_CHUNKS : AiSql.CHUNKS)
        .execute(Tuple.of(model))
        .map(
            rows -> {
              JsonArray chunks = new JsonArray();
              Base64.Encoder base64 = Base64.getEncoder();
              for (Row row : rows) {
                JsonObject chunk =
                    new JsonObject()
                        .put("article_id", row.getUUID("article_id").toString())
                        .put("article_version", row.getLong("article_version"))
                        .put("chunk_no", row.getInteger("chunk_no"))
                        .put("title", row.getString("title"))
                        .put("text", row.getString("text"));
                if (!vectors) {
                  chunk.put(
                      "embedding", base64.encodeToString(row.getBuffer("embedding").getBytes()));
                }
                chunks.add(chunk);
              }
              return new JsonObject().put("chunks", chunks).put("vector_search", vectors);
            });
  }

  /**
   * The {@code limit} chunks of {@code model} nearest to {@code vector} by cosine, together with
   * the {@code also} chunks, each with its similarity: {@code {"chunks": [{"article_id",
   * "chunk_no", "similarity"}]}}. Refused without vector search.
   */
  public Future<JsonObject> nearest(SqlConnection tx, AiInputs.Nearest query) {
    if (!vectors) {
      return Future.failedFuture(
          new Conflict("this database has no vector search; search the chunks in memory"));
    }
    int dimensions = query.vector().length() / Float.BYTES;
    Tuple params =
        Tuple.tuple()
            .addValue(query.model())
            .addValue(vectorText(query.vector()))
            .addValue(query.limit())
            .addValue(query.articleIds().toArray(new UUID[0]))
            .addValue(query.chunkNos().toArray(new Integer[0]));
    String sql = AiSql.NEAREST_384;
    if (dimensions != INDEXED_DIMENSIONS) {
      sql = AiSql.NEAREST;
      params.addValue(dimensions);
    }
    String nearest = sql;
    return tx.query(AiSql.ITERATIVE_SCAN)
        .execute()
        .compose(set -> tx.preparedQuery(nearest).execute(params))
        .map(
            rows -> {
              JsonArray chunks = new JsonArray();
              for (Row row : rows) {
                chunks.add(
                    new JsonObject()
                        .put("article_id", row.getUUID("article_id").toString())
                        .put("chunk_no", row.getInteger("chunk_no"))
                        .put("similarity", row.getDouble("similarity")));
              }
              return new JsonObject().put("chunks", chunks);
            });
  }

  /** pgvector's text form of little-endian float32s: {@code [0.1,-2.5,...]}. */
  static String vectorText(Buffer floats) {
    StringBuilder text = new StringBuilder(floats.length() * 3).append('[');
    for (int at = 0; at < floats.length(); at += Float.BYTES) {
      if (at > 0) {
        text.append(',');
      }
      text.append(floats.getFloatLE(at));
    }
    return text.append(']').toString();
  }

  /** Replaces article {@code articleId}'s chunks of {@code model}; {@code {"stored": n}}. */
  public Future<JsonObject> replaceChunks(
      SqlConnection tx,
      Caller caller,
      UUID articleId,
      long articleVersion,
      String model,
      List<Chunk> chunks) {
    Future<?> deleted = tx.preparedQuery(AiSql.DELETE_CHUNKS).execute(Tuple.of(articleId, model));
    if (chunks.isEmpty()) {
      return deleted.map(done -> new JsonObject().put("stored", 0));
    }
    List<Tuple> batch = new ArrayList<>(chunks.size());
    for (Chunk chunk : chunks) {
      Tuple row =
          Tuple.of(
              caller.tenantId(),
              articleId,
              articleVersion,
              model,
              chunk.number(),
              chunk.title(),
              chunk.text(),
              chunk.embedding());
      batch.add(vectors ? row.addValue(vectorText(chunk.embedding())) : row);
    }
    String insert = vectors ? AiSql.INSERT_INDEXED_CHUNK : AiSql.INSERT_CHUNK;
    return deleted
        .compose(done -> tx.preparedQuery(insert).executeBatch(batch))
        .map(done -> new JsonObject().put("stored", chunks.size()));
  }

  /** Records one AI turn; {@code {"id"}}. */
  public Future<JsonObject> recordTurn(SqlConnection tx, Caller caller, AiInputs.NewTurn turn) {
    return tx.preparedQuery(AiSql.INSERT_TURN)
        .execute(
            Tuple.tuple()
                .addValue(caller.tenantId())
                .addValue(turn.kind())
                .addValue(turn.conversationId())
                .addValue(turn.callId())
                .addValue(turn.provider())
                .addValue(turn.model())
                .addValue(turn.latencyMs())
                .addValue(turn.inputTokens())
                .addValue(turn.outputTokens())
                .addValue(turn.tools())
                .addValue(turn.outcome())
                .addValue(turn.detail()))
        .map(rows -> new JsonObject().put("id", rows.iterator().next().getUUID("id").toString()));
  }

  /** One page of the tenant's AI turns, newest first. */
  public Future<Page> turns(SqlConnection tx, AiInputs.TurnQuery query) {
    Cursor after = query.after();
    Tuple params =
        Tuple.tuple()
            .addValue(query.conversationId())
            .addValue(query.kind())
            .addValue(query.outcome())
            .addValue(after == null ? null : after.updatedAt())
            .addValue(after == null ? null : after.id())
            .addValue(query.limit() + 1);
    return tx.preparedQuery(AiSql.LIST_TURNS)
        .execute(params)
        .map(
            rows ->
                StoreRows.page(
                    rows,
                    query.limit(),
                    AiTurn::of,
                    last -> new Cursor(last.createdAt(), last.id()),
                    Page::new));
  }
}
