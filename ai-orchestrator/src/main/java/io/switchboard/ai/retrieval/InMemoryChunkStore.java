package io.switchboard.ai.retrieval;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Articles and chunks held in memory: for a single node without crud-api, and for tests. */
public final class InMemoryChunkStore implements ChunkStore {

  private final Map<String, Map<String, KbArticle>> articles = new ConcurrentHashMap<>();
  private final Map<String, Map<String, List<StoredChunk>>> chunks = new ConcurrentHashMap<>();

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
  public Future<List<StoredChunk>> chunks(String tenant, String model) {
    List<StoredChunk> all = new ArrayList<>();
    chunks.getOrDefault(tenant + "/" + model, Map.of()).values().forEach(all::addAll);
    return Future.succeededFuture(all);
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
}
