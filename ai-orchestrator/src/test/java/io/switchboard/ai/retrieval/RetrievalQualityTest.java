package io.switchboard.ai.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.embed.SharedEmbeddings;
import io.switchboard.ai.work.AiWorkers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Retrieval quality on the shipped helpdesk knowledge base ({@code kb/articles.json}, 24 articles)
 * and paraphrased questions ({@code kb/questions.json}, 36 answerable, 8 with no answer). Fails
 * below the thresholds of {@link #MIN_TOP1}, {@link #MIN_NO_ANSWER} and {@link #MAX_MISSED}, set a
 * little under what was measured with {@code ai.answer-threshold} 0.3: top-1 0.889 (32/36),
 * no-answer questions below the threshold 1.0 (8/8), answerable ones wrongly below it 0.139 (5/36).
 */
class RetrievalQualityTest {

  static final double MIN_TOP1 = 0.85;
  static final double MIN_NO_ANSWER = 0.85;
  static final double MAX_MISSED = 0.2;
  static final double THRESHOLD = 0.3;

  static JsonArray load(String name) throws IOException {
    try (InputStream in = RetrievalQualityTest.class.getResourceAsStream("/kb/" + name)) {
      return new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  @DisplayName("Paraphrased questions find their article; questions with no answer fall below it")
  void quality() throws IOException {
    Vertx vertx = Vertx.vertx();
    AiWorkers workers = new AiWorkers(vertx, 2, 8);
    try {
      InMemoryChunkStore store = new InMemoryChunkStore();
      for (Object each : load("articles.json")) {
        JsonObject a = (JsonObject) each;
        store.publish(
            "quality",
            new KbArticle(a.getString("id"), a.getString("title"), a.getString("body"), 1));
      }
      KnowledgeBase base = new KnowledgeBase(store, SharedEmbeddings.miniLm(), workers, 800);
      int answerable = 0, top1 = 0, missed = 0, unanswerable = 0, refused = 0;
      for (Object each : load("questions.json")) {
        JsonObject q = (JsonObject) each;
        Retrieval r = base.search("quality", q.getString("q"), 3).await();
        String expected = q.getString("expected");
        String got = r.passages().get(0).articleId();
        System.out.printf("%.3f %s %s <- %s%n", r.confidence(), expected, got, q.getString("q"));
        if (expected == null) {
          unanswerable++;
          refused += r.answers(THRESHOLD) ? 0 : 1;
        } else {
          answerable++;
          top1 += expected.equals(got) ? 1 : 0;
          missed += r.answers(THRESHOLD) ? 0 : 1;
        }
      }
      double top1Rate = (double) top1 / answerable;
      double noAnswer = (double) refused / unanswerable;
      double missedRate = (double) missed / answerable;
      System.out.printf(
          "retrieval quality: top-1 %.3f (%d/%d), no-answer below threshold %.3f (%d/%d),"
              + " answerable below threshold %.3f%n",
          top1Rate, top1, answerable, noAnswer, refused, unanswerable, missedRate);
      assertThat(top1Rate).isGreaterThanOrEqualTo(MIN_TOP1);
      assertThat(noAnswer).isGreaterThanOrEqualTo(MIN_NO_ANSWER);
      assertThat(missedRate).isLessThanOrEqualTo(MAX_MISSED);
    } finally {
      workers.close().await();
      vertx.close().await();
    }
  }
}
