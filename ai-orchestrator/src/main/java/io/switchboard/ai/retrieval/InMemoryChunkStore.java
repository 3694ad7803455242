package io.switchboard.ai.retrieval;

import io.switchboard.ai.embed.Vectors;
import io.switchboard.platform.error.Conflict;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Articles and chunks held in memory: for a single node without crud-api, and for tests. Made with
 * vector search it finds the nearest chunks itself, exactly, as a database with pgvector does with
 * its index.
 */
public final class InMemoryChunkStore implements ChunkStore {

  private final boolean vectorSearch;
  private final Map<String, Map<String, KbArticle>> articles = new ConcurrentHashMap<>();
  private final Map<String, Map<String, List<StoredChunk>>> chunks = new ConcurrentHashMap<>();

  /** A store that leaves vector search to the knowledge base's index. */
  public InMemoryChunkStore() {
    this(false);
  }

  /**
   * @param vectorSearch whether this store answers {@link #nearest}
   */
  public InMemoryChunkStore(boolean vectorSearch) {
    this.vectorSearch = vectorSearch;
  }

  /** Publishes (or replaces) an article of {@code tenant}. */
  public void publish(String tenant, KbArticle article) {
    articles.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>()).put(article.id(), article);
  }

  /** Unpublishes (or deletes) an article of {@code tenant}. */
  public void unpublish(String tenant, String articleId) {
    articles.getOrDefault(tenant, Map.of()).remove(articleId);
  }

  @Override
  public Future<List<KbArticle>> published(String tenant) {
    return Future.succeededFuture(List.copyOf(articles.getOrDefault(tenant, Map.of()).values()));
  }

  @Override
  public Future<StoredChunks> chunks(String tenant, String model) {
    return Future.succeededFuture(new StoredChunks(all(tenant, model), vectorSearch));
  }

  private List<StoredChunk> all(String tenant, String model) {
    List<StoredChunk> all = new ArrayList<>();
    chunks.getOrDefault(tenant + "/" + model, Map.of()).values().forEach(all::addAll);
    return all;
  }

  @Override
  public Future<Void> replace(
      String tenant, String articleId, long articleVersion, String model, List<StoredChunk> list) {
    Map<String, List<StoredChunk>> ofModel =
        chunks.computeIfAbsent(tenant + "/" + model, k -> new ConcurrentHashMap<>());
    if (list.isEmpty()) {
      ofModel.remove(articleId);
    } else {
      ofModel.put(articleId, List.copyOf(list));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Map<ChunkKey, Double>> nearest(
      String tenant, String model, float[] vector, int limit, Collection<ChunkKey> also) {
    if (!vectorSearch) {
      return Future.failedFuture(new Conflict("this store has no vector search"));
    }
    List<StoredChunk> all = all(tenant, model);
    Map<ChunkKey, Double> similarity = new HashMap<>();
    all.stream()
        .sorted(
            Comparator.comparingDouble((StoredChunk c) -> Vectors.dot(vector, c.embedding()))
                .reversed())
        .limit(limit)
        .forEach(c -> similarity.put(c.key(), Vectors.dot(vector, c.embedding())));
    for (StoredChunk c : all) {
      if (also.contains(c.key())) {
        similarity.put(c.key(), Vectors.dot(vector, c.embedding()));
      }
    }
    return Future.succeededFuture(similarity);
  }
}
