package io.switchboard.ai.retrieval;

import io.switchboard.ai.embed.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An immutable search index of one tenant's chunks: dense cosine plus BM25 over title and text, so
 * paraphrases (dense) and exact keywords (lexical) both find their article. Where the chunk store
 * searches vectors itself, the index holds no embeddings: the store's nearest chunks and the
 * index's best keyword matches are the candidates, scored with the similarities the store gives.
 */
final class TenantIndex {

  /** How many chunks each half of a search proposes when the store searches vectors. */
  static final int CANDIDATES = 50;

  private static final double K1 = 1.2;
  private static final double B = 0.75;

  /** Weight of the dense cosine in a passage's score; the rest is the lexical score. */
  private static final double DENSE_WEIGHT = 0.7;

  /** BM25 score at which the lexical part of a passage's score reaches one half. */
  private static final double BM25_HALF = 4.0;

  private record Entry(StoredChunk chunk, Map<String, Integer> counts, int length) {}

  private final List<Entry> entries;
  private final Map<String, Integer> documentFrequency = new HashMap<>();
  private final double averageLength;
  private final boolean storeSearchesVectors;

  TenantIndex(StoredChunks stored) {
    this(stored.chunks(), stored.vectorSearch());
  }

  private TenantIndex(List<StoredChunk> chunks, boolean storeSearchesVectors) {
    this.storeSearchesVectors = storeSearchesVectors;
    this.entries = new ArrayList<>();
    long total = 0;
    for (StoredChunk stored : chunks) {
      StoredChunk chunk = storeSearchesVectors ? stored.withoutEmbedding() : stored;
      List<String> terms = Terms.of(chunk.title() + " " + chunk.text());
      Map<String, Integer> counts = new HashMap<>();
      terms.forEach(t -> counts.merge(t, 1, Integer::sum));
      counts.keySet().forEach(t -> documentFrequency.merge(t, 1, Integer::sum));
      entries.add(new Entry(chunk, counts, terms.size()));
      total += terms.size();
    }
    this.averageLength = entries.isEmpty() ? 1 : Math.max(1, (double) total / entries.size());
  }

  List<StoredChunk> chunks() {
    return entries.stream().map(Entry::chunk).toList();
  }

  /** A new index with {@code articleId}'s chunks replaced by {@code replacement}. */
  TenantIndex replacing(String articleId, List<StoredChunk> replacement) {
    List<StoredChunk> chunks = new ArrayList<>();
    for (Entry e : entries) {
      if (!e.chunk().articleId().equals(articleId)) {
        chunks.add(e.chunk());
      }
    }
    chunks.addAll(replacement);
    return new TenantIndex(chunks, storeSearchesVectors);
  }

  /** Whether the chunk store gives the dense half of a search ({@link #rank}). */
  boolean storeSearchesVectors() {
    return storeSearchesVectors;
  }

  /** The chunks that match {@code question}'s words best, at most {@link #CANDIDATES}. */
  List<ChunkKey> keywordCandidates(String question) {
    List<String> query = new ArrayList<>(new HashSet<>(Terms.of(question)));
    List<Map.Entry<ChunkKey, Double>> matched = new ArrayList<>();
    for (Entry e : entries) {
      double bm25 = bm25(query, e);
      if (bm25 > 0) {
        matched.add(Map.entry(e.chunk().key(), bm25));
      }
    }
    return matched.stream()
        .sorted(Map.Entry.<ChunkKey, Double>comparingByValue().reversed())
        .limit(CANDIDATES)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The version of {@code articleId} indexed, or -1. */
  long version(String articleId) {
    for (Entry e : entries) {
      if (e.chunk().articleId().equals(articleId)) {
        return e.chunk().articleVersion();
      }
    }
    return -1;
  }

  /** The search with the question's {@code vector} compared to every chunk here. */
  Retrieval search(String question, float[] vector, int limit) {
    return score(question, e -> Vectors.dot(vector, e.chunk().embedding()), limit);
  }

  /**
   * The search over the chunks the store found nearest and those matching by keyword, with the
   * {@code similarity} the store gave each ({@link ChunkStore#nearest}).
   */
  Retrieval rank(String question, Map<ChunkKey, Double> similarity, int limit) {
    return score(question, e -> similarity.get(e.chunk().key()), limit);
  }

  /** Scores the chunks whose {@code dense} similarity is known (not null), best article first. */
  private Retrieval score(String question, Function<Entry, Double> dense, int limit) {
    if (entries.isEmpty()) {
      return Retrieval.NOTHING;
    }
    List<String> query = new ArrayList<>(new HashSet<>(Terms.of(question)));
    Map<String, Passage> best = new LinkedHashMap<>();
    for (Entry e : entries) {
      Double cosine = dense.apply(e);
      if (cosine == null) {
        continue;
      }
      double denseScore = Math.max(0, cosine);
      double bm25 = bm25(query, e);
      double lexical = bm25 / (bm25 + BM25_HALF);
      double score = DENSE_WEIGHT * denseScore + (1 - DENSE_WEIGHT) * lexical;
      Passage passage =
          new Passage(e.chunk().articleId(), e.chunk().title(), e.chunk().text(), score);
      best.merge(passage.articleId(), passage, (a, b) -> a.score() >= b.score() ? a : b);
    }
    List<Passage> ranked =
        best.values().stream()
            .sorted(Comparator.comparingDouble(Passage::score).reversed())
            .limit(limit)
            .toList();
    return new Retrieval(ranked, ranked.isEmpty() ? 0 : ranked.get(0).score());
  }

  private double bm25(List<String> query, Entry e) {
    double score = 0;
    int n = entries.size();
    for (String term : query) {
      Integer tf = e.counts().get(term);
      if (tf == null) {
        continue;
      }
      int df = documentFrequency.getOrDefault(term, 0);
      double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * e.length() / averageLength));
    }
    return score;
  }
}
