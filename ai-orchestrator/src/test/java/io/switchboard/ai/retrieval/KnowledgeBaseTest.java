package io.switchboard.ai.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.ai.embed.Embeddings;
import io.switchboard.ai.embed.SharedEmbeddings;
import io.switchboard.ai.work.AiWorkers;
import io.switchboard.platform.error.Invalid;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KnowledgeBaseTest {

  /** The embedded model, counting the texts it embeds. */
  private static final class Counting implements Embeddings {
    final AtomicInteger texts = new AtomicInteger();

    @Override
    public String model() {
      return SharedEmbeddings.miniLm().model();
    }

    @Override
    public int dimensions() {
      return SharedEmbeddings.miniLm().dimensions();
    }

    @Override
    public List<float[]> embed(List<String> list) {
      texts.addAndGet(list.size());
      return SharedEmbeddings.miniLm().embed(list);
    }
  }

  private Vertx vertx;
  private AiWorkers workers;
  private final InMemoryChunkStore store = new InMemoryChunkStore();
  private final Counting embeddings = new Counting();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    workers = new AiWorkers(vertx, 2, 8);
    store.publish(
        "acme",
        new KbArticle(
            "refund",
            "Refunds",
            "Refunds are paid back to the original card within 5 business days.",
            1));
    store.publish(
        "acme",
        new KbArticle(
            "password",
            "Resetting your password",
            "Use the Forgot password link on the sign-in page; we email you a reset link.",
            1));
    store.publish(
        "globex",
        new KbArticle(
            "ship",
            "Shipping to Canada",
            "Orders ship to Canada in 7 days; duties are paid on delivery.",
            1));
  }

  @AfterEach
  void stop() {
    workers.close().await();
    vertx.close().await();
  }

  private KnowledgeBase base() {
    return new KnowledgeBase(store, embeddings, workers, 800);
  }

  @Test
  @DisplayName("A paraphrased question finds its article, one passage per article, best first")
  void findsArticle() {
    Retrieval found = base().search("acme", "I can't log in, forgot my pass", 5).await();

    assertThat(found.passages())
        .extracting(Passage::articleId)
        .containsExactly("password", "refund");
    assertThat(found.confidence()).isEqualTo(found.passages().get(0).score());
    assertThat(found.confidence()).isBetween(0.0, 1.0);
  }

  @Test
  @DisplayName("A restart reuses stored embeddings; only a changed article is embedded again")
  void embedsOnlyWhatChanged() {
    KnowledgeBase first = base();
    first.search("acme", "refund", 3).await();
    assertThat(embeddings.texts.get()).isEqualTo(3); // two chunks and the question

    KnowledgeBase restarted = base();
    restarted.search("acme", "refund", 3).await();
    assertThat(embeddings.texts.get()).isEqualTo(4); // the question only

    store.publish("acme", new KbArticle("refund", "Refunds", "Refunds now take 10 days.", 2));
    restarted.articleChanged("acme", "refund").await();
    assertThat(embeddings.texts.get()).isEqualTo(5);
    assertThat(restarted.search("acme", "refund", 3).await().passages().get(0).text())
        .contains("10 days");

    store.unpublish("acme", "refund");
    restarted.articleChanged("acme", "refund").await();
    assertThat(restarted.search("acme", "refund", 3).await().passages())
        .extracting(Passage::articleId)
        .containsExactly("password");
    assertThat(store.chunks("acme", embeddings.model()).await().chunks())
        .extracting(StoredChunk::articleId)
        .containsOnly("password");
  }

  /** A store that searches vectors, recording what it was asked. */
  private static final class SearchingStore implements ChunkStore {
    final InMemoryChunkStore chunks;
    final List<Collection<ChunkKey>> asked = new CopyOnWriteArrayList<>();

    SearchingStore(InMemoryChunkStore chunks) {
      this.chunks = chunks;
    }

    @Override
    public Future<List<KbArticle>> published(String tenant) {
      return chunks.published(tenant);
    }

    @Override
    public Future<StoredChunks> chunks(String tenant, String model) {
      return chunks.chunks(tenant, model);
    }

    @Override
    public Future<Void> replace(
        String tenant, String articleId, long version, String model, List<StoredChunk> list) {
      return chunks.replace(tenant, articleId, version, model, list);
    }

    @Override
    public Future<Map<ChunkKey, Double>> nearest(
        String tenant, String model, float[] vector, int limit, Collection<ChunkKey> also) {
      asked.add(List.copyOf(also));
      return chunks.nearest(tenant, model, vector, limit, also);
    }
  }

  @Test
  @DisplayName(
      "Where the store searches vectors, it is asked with the keyword matches and the ranking is"
          + " the one the index makes alone")
  void storeSearchesVectors() {
    InMemoryChunkStore vectors = new InMemoryChunkStore(true);
    for (String tenant : List.of("acme", "globex")) {
      store.published(tenant).await().forEach(a -> vectors.publish(tenant, a));
    }
    SearchingStore searching = new SearchingStore(vectors);
    KnowledgeBase withStore = new KnowledgeBase(searching, embeddings, workers, 800);
    KnowledgeBase alone = base();
    for (String question :
        List.of("I can't log in, forgot my pass", "refund to my card", "Shipping to Canada")) {
      Retrieval expected = alone.search("acme", question, 5).await();
      Retrieval got = withStore.search("acme", question, 5).await();
      assertThat(got.passages())
          .extracting(Passage::articleId)
          .containsExactlyElementsOf(expected.passages().stream().map(Passage::articleId).toList());
      assertThat(got.confidence()).isCloseTo(expected.confidence(), within(1e-6));
    }
    assertThat(searching.asked).hasSize(3);
    assertThat(searching.asked.get(1)).contains(new ChunkKey("refund", 0));
    assertThat(withStore.search("acme", "Shipping to Canada duties", 20).await().passages())
        .extracting(Passage::articleId)
        .doesNotContain("ship");
  }

  @Test
  @DisplayName("A tenant never finds another tenant's articles, even asking for them word for word")
  void tenantIsolation() {
    Retrieval found = base().search("acme", "Shipping to Canada duties on delivery", 20).await();

    assertThat(found.passages()).extracting(Passage::articleId).doesNotContain("ship");
    assertThat(base().search("nobody", "Shipping to Canada", 5).await())
        .isEqualTo(Retrieval.NOTHING);
  }

  @Test
  @DisplayName("Blank tenant or question, an endless question and a limit out of range are refused")
  void refusesWrongInput() {
    KnowledgeBase base = base();
    assertThatThrownBy(() -> base.search(" ", "q", 1).await()).isInstanceOf(Invalid.class);
    assertThatThrownBy(() -> base.search("acme", "", 1).await()).isInstanceOf(Invalid.class);
    assertThatThrownBy(() -> base.search("acme", null, 1).await()).isInstanceOf(Invalid.class);
    assertThatThrownBy(() -> base.search("acme", "q".repeat(4001), 1).await())
        .isInstanceOf(Invalid.class);
    assertThatThrownBy(() -> base.search("acme", "q", 0).await()).hasMessageContaining("limit");
    assertThatThrownBy(() -> base.search("acme", "q", 21).await()).hasMessageContaining("limit");
  }
}
