package io.switchboard.ai.retrieval;

import io.switchboard.ai.embed.MiniLmEmbeddings;
import io.switchboard.ai.work.AiWorkers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Embedding throughput (sentences per second, one at a time and in batches of 32) and warm
 * retrieval latency p50/p99 on the shipped knowledge base next to the latency of embedding the
 * question alone, printed; run from the command line (see docs/benchmarks.md).
 */
public final class RetrievalBenchmark {

  private static final int ROUNDS = 5;
  private static final int BATCH = 32;

  public static void main(String[] args) throws Exception {
    MiniLmEmbeddings embeddings = new MiniLmEmbeddings();
    List<String> questions = new ArrayList<>();
    for (Object each : RetrievalQualityTest.load("questions.json")) {
      questions.add(((JsonObject) each).getString("q"));
    }
    embeddings.embed(questions); // warm-up
    long start = System.nanoTime();
    int count = 0;
    // Embedding one question alone: the floor under every search, measured in the same run.
    long[] embedOnly = new long[questions.size() * ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      for (String q : questions) {
        long t = System.nanoTime();
        embeddings.embed(List.of(q));
        embedOnly[count++] = System.nanoTime() - t;
      }
    }
    double single = count / ((System.nanoTime() - start) / 1e9);
    start = System.nanoTime();
    count = 0;
    for (int r = 0; r < ROUNDS; r++) {
      for (int i = 0; i + BATCH <= questions.size(); i += BATCH) {
        count += embeddings.embed(questions.subList(i, i + BATCH)).size();
      }
    }
    double batched = count / ((System.nanoTime() - start) / 1e9);

    Vertx vertx = Vertx.vertx();
    AiWorkers workers = new AiWorkers(vertx, 2, 64);
    InMemoryChunkStore store = new InMemoryChunkStore();
    for (Object each : RetrievalQualityTest.load("articles.json")) {
      JsonObject a = (JsonObject) each;
      store.publish(
          "bench", new KbArticle(a.getString("id"), a.getString("title"), a.getString("body"), 1));
    }
    KnowledgeBase base = new KnowledgeBase(store, embeddings, workers, 800);
    base.search("bench", "warm up", 3).await();
    long[] latencies = new long[questions.size() * ROUNDS];
    int n = 0;
    for (int r = 0; r < ROUNDS; r++) {
      for (String q : questions) {
        long t = System.nanoTime();
        base.search("bench", q, 3).await();
        latencies[n++] = System.nanoTime() - t;
      }
    }
    Arrays.sort(latencies);
    Arrays.sort(embedOnly);
    System.out.printf(
        "embedding: %.1f sentences/s single, %.1f sentences/s in batches of %d%n",
        single, batched, BATCH);
    System.out.printf(
        "retrieval (warm, %d searches, 24 articles): p50 %.2f ms, p99 %.2f ms%n",
        n, latencies[n / 2] / 1e6, latencies[(int) Math.ceil(n * 0.99) - 1] / 1e6);
    System.out.printf(
        "embedding the question alone (the search's floor): p50 %.2f ms, p99 %.2f ms%n",
        embedOnly[embedOnly.length / 2] / 1e6,
        embedOnly[(int) Math.ceil(embedOnly.length * 0.99) - 1] / 1e6);
    workers.close().await();
    vertx.close().await();
  }
}
