package io.switchboard.ai.retrieval;

import io.switchboard.ai.embed.Embeddings;
import io.switchboard.ai.retrieval.Chunker.Chunk;
import io.switchboard.ai.work.AiWorkers;
import io.switchboard.platform.error.Invalid;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's knowledge base, indexed in memory on its first search from the chunk store.
 * Articles whose stored chunks are missing or older are chunked and embedded on the AI workers and
 * stored, so a restart embeds only what changed; chunks of articles no longer published are
 * dropped. One tenant's index holds only that tenant's chunks. Where the store searches vectors
 * (PostgreSQL with pgvector), it proposes the nearest chunks and the index adds its keyword
 * matches; otherwise the index compares the question with every chunk itself.
 */
public final class KnowledgeBase implements KnowledgeSearch {

  /** Most passages one search returns. */
  public static final int MAX_LIMIT = 20;

  /** Longest question searched, in characters. */
  public static final int MAX_QUESTION_CHARS = 4_000;

  private final ChunkStore store;
  private final Embeddings embeddings;
  private final AiWorkers workers;
  private final Chunker chunker;

  /** Concurrent first searches of a tenant share one load. */
  private final Map<String, Future<TenantIndex>> tenants = new ConcurrentHashMap<>();

  public KnowledgeBase(ChunkStore store, Embeddings embeddings, AiWorkers workers, int chunkChars) {
    this.store = store;
    this.embeddings = embeddings;
    this.workers = workers;
    this.chunker = new Chunker(chunkChars);
  }

  @Override
  public Future<Retrieval> search(String tenant, String question, int limit) {
    if (tenant == null || tenant.isBlank()) {
      return Future.failedFuture(Invalid.field("tenant", "must not be blank"));
    }
    if (question == null || question.isBlank()) {
      return Future.failedFuture(Invalid.field("question", "must not be blank"));
    }
    if (question.length() > MAX_QUESTION_CHARS) {
      return Future.failedFuture(
          Invalid.field("question", "longer than " + MAX_QUESTION_CHARS + " characters"));
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      return Future.failedFuture(Invalid.field("limit", "must be from 1 to " + MAX_LIMIT));
    }
    return index(tenant)
        .compose(
            index ->
                workers
                    .run(() -> embeddings.embed(List.of(question)).get(0))
                    .compose(vector -> search(tenant, index, question, vector, limit)));
  }

  private Future<Retrieval> search(
      String tenant, TenantIndex index, String question, float[] vector, int limit) {
    if (!index.storeSearchesVectors()) {
      return Future.succeededFuture(index.search(question, vector, limit));
    }
    return store
        .nearest(
            tenant,
            embeddings.model(),
            vector,
            TenantIndex.CANDIDATES,
            index.keywordCandidates(question))
        .map(similarity -> index.rank(question, similarity, limit));
  }

  /**
   * Re-embeds or removes one article after it changed; nothing to do for a tenant not loaded yet,
   * whose first search compares versions anyway.
   */
  public Future<Void> articleChanged(String tenant, String articleId) {
    Future<TenantIndex> loaded = tenants.get(tenant);
    if (loaded == null) {
      return Future.succeededFuture();
    }
    return loaded
        .compose(index -> store.published(tenant).map(articles -> find(articles, articleId)))
        .compose(
            article -> {
              if (article == null) {
                return store
                    .replace(tenant, articleId, 0, embeddings.model(), List.of())
                    .map(v -> List.<StoredChunk>of());
              }
              return embedded(tenant, article);
            })
        .compose(
            chunks -> {
              tenants.computeIfPresent(
                  tenant, (t, current) -> current.map(i -> i.replacing(articleId, chunks)));
              return Future.<Void>succeededFuture();
            });
  }

  private static KbArticle find(List<KbArticle> articles, String id) {
    for (KbArticle a : articles) {
      if (a.id().equals(id)) {
        return a;
      }
    }
    return null;
  }

  private Future<TenantIndex> index(String tenant) {
    Future<TenantIndex> index = tenants.computeIfAbsent(tenant, this::load);
    // A failed load (crud-api down, workers busy) is tried again by the next search.
    return index.onFailure(failure -> tenants.remove(tenant, index));
  }

  private Future<TenantIndex> load(String tenant) {
    return store
        .published(tenant)
        .compose(
            articles ->
                store
                    .chunks(tenant, embeddings.model())
                    .compose(
                        stored ->
                            synced(tenant, articles, stored.chunks())
                                .map(all -> new StoredChunks(all, stored.vectorSearch()))))
        .map(TenantIndex::new);
  }

  /** The chunks of every published article, embedding only the missing or outdated ones. */
  private Future<List<StoredChunk>> synced(
      String tenant, List<KbArticle> articles, List<StoredChunk> stored) {
    Map<String, List<StoredChunk>> byArticle = new HashMap<>();
    stored.forEach(c -> byArticle.computeIfAbsent(c.articleId(), k -> new ArrayList<>()).add(c));
    List<StoredChunk> all = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (KbArticle article : articles) {
      List<StoredChunk> kept = byArticle.remove(article.id());
      if (kept != null && kept.get(0).articleVersion() == article.version()) {
        all.addAll(kept);
      } else {
        // One article at a time, so a large knowledge base does not fill the worker queue.
        chain =
            chain.compose(
                v -> embedded(tenant, article).map(chunks -> all.addAll(chunks)).mapEmpty());
      }
    }
    for (String gone : byArticle.keySet()) {
      chain = chain.compose(v -> store.replace(tenant, gone, 0, embeddings.model(), List.of()));
    }
    return chain.map(v -> all);
  }

  /** The article chunked, embedded on a worker and stored. */
  private Future<List<StoredChunk>> embedded(String tenant, KbArticle article) {
    List<Chunk> chunks = chunker.chunks(article.title(), article.body());
    return workers
        .run(
            () -> {
              List<String> texts = new ArrayList<>();
              chunks.forEach(c -> texts.add(c.title() + "\n" + c.text()));
              List<float[]> vectors = embeddings.embed(texts);
              List<StoredChunk> embedded = new ArrayList<>();
              for (int i = 0; i < chunks.size(); i++) {
                Chunk c = chunks.get(i);
                embedded.add(
                    new StoredChunk(
                        article.id(),
                        article.version(),
                        c.number(),
                        c.title(),
                        c.text(),
                        vectors.get(i)));
              }
              return embedded;
            })
        .compose(
            embedded ->
                store
                    .replace(tenant, article.id(), article.version(), embeddings.model(), embedded)
                    .map(v -> embedded));
  }
}
