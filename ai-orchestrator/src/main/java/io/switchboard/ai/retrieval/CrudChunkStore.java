package io.switchboard.ai.retrieval;

import io.switchboard.ai.embed.Vectors;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.crud.CrudClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Articles and chunks through crud-api, as the tenant's AI agent service. */
public final class CrudChunkStore implements ChunkStore {

  private final CrudClient crud;

  public CrudChunkStore(CrudClient crud) {
    this.crud = crud;
  }

  private static Caller agent(String tenant) {
    return new Caller(tenant, "ai-agent", EnumSet.of(Role.SERVICE), Instant.MAX);
  }

  @Override
  public Future<List<KbArticle>> published(String tenant) {
    return crud.publishedArticles(agent(tenant))
        .map(
            reply -> {
              List<KbArticle> articles = new ArrayList<>();
              for (Object each : reply.getJsonArray("articles", new JsonArray())) {
                JsonObject a = (JsonObject) each;
                articles.add(
                    new KbArticle(
                        a.getString("id"),
                        a.getString("title", ""),
                        a.getString("body", ""),
                        a.getLong("version", 0L)));
              }
              return articles;
            });
  }

  @Override
  public Future<StoredChunks> chunks(String tenant, String model) {
    return crud.knowledgeChunks(agent(tenant), model)
        .map(
            reply -> {
              boolean vectorSearch = reply.getBoolean("vector_search", false);
              List<StoredChunk> chunks = new ArrayList<>();
              for (Object each : reply.getJsonArray("chunks", new JsonArray())) {
                JsonObject c = (JsonObject) each;
                chunks.add(
                    new StoredChunk(
                        c.getString("article_id"),
                        c.getLong("article_version", 0L),
                        c.getInteger("chunk_no", 0),
                        c.getString("title", ""),
                        c.getString("text", ""),
                        // Absent where the database searches the vectors: empty, unused.
                        Vectors.decode(c.getString("embedding", ""))));
              }
              return new StoredChunks(chunks, vectorSearch);
            });
  }

  @Override
  public Future<Map<ChunkKey, Double>> nearest(
      String tenant, String model, float[] vector, int limit, Collection<ChunkKey> also) {
    JsonArray keys = new JsonArray();
    also.forEach(
        k ->
            keys.add(
                new JsonObject().put("article_id", k.articleId()).put("chunk_no", k.chunkNo())));
    return crud.nearestKnowledgeChunks(
            agent(tenant),
            new JsonObject()
                .put("model", model)
                .put("embedding", Vectors.encode(vector))
                .put("limit", limit)
                .put("also", keys))
        .map(
            reply -> {
              Map<ChunkKey, Double> similarity = new HashMap<>();
              for (Object each : reply.getJsonArray("chunks", new JsonArray())) {
                JsonObject c = (JsonObject) each;
                similarity.put(
                    new ChunkKey(c.getString("article_id"), c.getInteger("chunk_no", 0)),
                    c.getDouble("similarity", 0.0));
              }
              return similarity;
            });
  }

  @Override
  public Future<Void> replace(
      String tenant, String articleId, long articleVersion, String model, List<StoredChunk> list) {
    JsonArray chunks = new JsonArray();
    for (StoredChunk c : list) {
      chunks.add(
          new JsonObject()
              .put("chunk_no", c.chunkNo())
              .put("title", c.title())
              .put("text", c.text())
              .put("embedding", Vectors.encode(c.embedding())));
    }
    return crud.replaceKnowledgeChunks(
            agent(tenant),
            new JsonObject()
                .put("article_id", articleId)
                .put("article_version", articleVersion)
                .put("model", model)
                .put("chunks", chunks))
        .mapEmpty();
  }
}
