package io.switchboard.ai.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.embed.SharedEmbeddings;
import io.switchboard.ai.work.AiWorkers;
import io.switchboard.platform.error.Invalid;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EmbeddedClassifierTest {

  private static final JsonArray INTENTS =
      new JsonArray(
          "[{\"name\":\"billing\",\"examples\":[\"question about my invoice\",\"I was charged twice\"]},"
              + "{\"name\":\"shipping\",\"examples\":[\"where is my package\",\"when will my order arrive\"]}]");

  private Vertx vertx;
  private AiWorkers workers;
  private EmbeddedClassifier classifier;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    workers = new AiWorkers(vertx, 2, 8);
    classifier = new EmbeddedClassifier(SharedEmbeddings.miniLm(), workers);
  }

  @AfterEach
  void stop() {
    workers.close().await();
    vertx.close().await();
  }

  @Test
  @DisplayName("Asking for a person is the built-in human intent; others are the tenant's or none")
  void intents() {
    assertThat(classifier.intent(INTENTS, "Can I please speak to a real human?").await().name())
        .isEqualTo(Intent.HUMAN);
    assertThat(
            classifier.intent(new JsonArray(), "put me through to an agent please").await().name())
        .isEqualTo(Intent.HUMAN);
    assertThat(classifier.intent(INTENTS, "My parcel still hasn't arrived").await().name())
        .isEqualTo("shipping");
    assertThat(classifier.intent(INTENTS, "You billed my card two times").await().name())
        .isEqualTo("billing");
    assertThat(classifier.intent(INTENTS, "The weather is nice in Lisbon today").await().name())
        .isEqualTo(Intent.NONE);
  }

  @Test
  @DisplayName("Clear praise is positive, clear anger negative, a plain question neutral")
  void sentiment() {
    assertThat(classifier.sentiment("Thanks a lot, you solved it, amazing!").await().label())
        .isEqualTo("positive");
    assertThat(classifier.sentiment("This is awful, I'm furious, nothing works").await().label())
        .isEqualTo("negative");
    Sentiment neutral = classifier.sentiment("How can I change my email address?").await();
    assertThat(neutral.label()).isEqualTo("neutral");
    assertThat(neutral.score()).isBetween(0.0, 1.0);
  }

  @Test
  @DisplayName("Blank or endless text and malformed intents are refused, naming the field")
  void refusesWrongInput() {
    assertThatThrownBy(() -> classifier.sentiment(" ").await()).isInstanceOf(Invalid.class);
    assertThatThrownBy(() -> classifier.sentiment("x".repeat(4001)).await())
        .isInstanceOf(Invalid.class);
    assertThatThrownBy(() -> classifier.intent(new JsonArray("[1]"), "hi").await())
        .hasMessageContaining("intents[0]");
    assertThatThrownBy(
            () ->
                classifier
                    .intent(new JsonArray("[{\"name\":\"\",\"examples\":[\"a\"]}]"), "hi")
                    .await())
        .hasMessageContaining("intents[0].name");
    assertThatThrownBy(
            () ->
                classifier
                    .intent(new JsonArray("[{\"name\":\"a\",\"examples\":[]}]"), "hi")
                    .await())
        .hasMessageContaining("intents[0].examples");
    assertThatThrownBy(
            () ->
                classifier
                    .intent(new JsonArray("[{\"name\":\"a\",\"examples\":[2]}]"), "hi")
                    .await())
        .hasMessageContaining("intents[0].examples");
  }
}
