package io.switchboard.ai.retrieval;

import io.switchboard.ai.embed.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable search index of one tenant's chunks: dense cosine plus BM25 over title and text, so
 * paraphrases (dense) and exact keywords (lexical) both find their article.
 */
final class TenantIndex {

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

  TenantIndex(List<StoredChunk> chunks) {
    this.entries = new ArrayList<>();
    long total = 0;
    for (StoredChunk chunk : chunks) {
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
    return new TenantIndex(chunks);
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

  Retrieval search(String question, float[] vector, int limit) {
    if (entries.isEmpty()) {
      return Retrieval.NOTHING;
    }
    List<String> query = new ArrayList<>(new HashSet<>(Terms.of(question)));
    Map<String, Passage> best = new LinkedHashMap<>();
    for (Entry e : entries) {
      double dense = Math.max(0, Vectors.dot(vector, e.chunk().embedding()));
      double bm25 = bm25(query, e);
      double lexical = bm25 / (bm25 + BM25_HALF);
      double score = DENSE_WEIGHT * dense + (1 - DENSE_WEIGHT) * lexical;
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
