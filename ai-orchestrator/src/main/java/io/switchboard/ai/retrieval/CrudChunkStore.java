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
import java.util.EnumSet;
import java.util.List;

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
  public Future<List<StoredChunk>> chunks(String tenant, String model) {
    return crud.knowledgeChunks(agent(tenant), model)
        .map(
            reply -> {
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
                        Vectors.decode(c.getString("embedding", ""))));
              }
              return chunks;
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
