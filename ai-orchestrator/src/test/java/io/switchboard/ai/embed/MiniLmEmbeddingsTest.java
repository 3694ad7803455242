package io.switchboard.ai.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MiniLmEmbeddingsTest {

  private final Embeddings embeddings = SharedEmbeddings.miniLm();

  @Test
  @DisplayName("Texts become unit vectors of 384 dimensions, similar texts closer than unrelated")
  void unitVectorsThatKnowMeaning() {
    List<float[]> vectors =
        embeddings.embed(
            List.of(
                "How do I reset my password?",
                "I forgot my password and cannot log in",
                "What are your shipping rates to Canada?"));

    assertThat(embeddings.model()).isEqualTo("all-minilm-l6-v2");
    assertThat(vectors).hasSize(3).allSatisfy(v -> assertThat(v).hasSize(384));
    vectors.forEach(v -> assertThat(Vectors.dot(v, v)).isCloseTo(1.0, within(1e-4)));
    assertThat(Vectors.dot(vectors.get(0), vectors.get(1)))
        .isGreaterThan(Vectors.dot(vectors.get(0), vectors.get(2)) + 0.2);
  }

  @Test
  @DisplayName("A blank text gets the zero vector, in its place, and the others are unchanged")
  void blankTextIsZero() {
    List<float[]> vectors = embeddings.embed(Arrays.asList("refund", " ", null, "refund"));

    assertThat(vectors).hasSize(4);
    assertThat(Vectors.dot(vectors.get(1), vectors.get(1))).isZero();
    assertThat(Vectors.dot(vectors.get(2), vectors.get(2))).isZero();
    assertThat(vectors.get(3)).containsExactly(vectors.get(0));
    assertThat(embeddings.embed(List.of())).isEmpty();
  }

  @Test
  @DisplayName("The stored form of a vector decodes to the same floats; a torn one is refused")
  void storedForm() {
    float[] vector = {1.5f, -0.25f, 0f, 3.0e-8f};

    assertThat(Vectors.decode(Vectors.encode(vector))).containsExactly(vector);
    assertThat(Vectors.encode(new float[] {1f})).isEqualTo("AACAPw==");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Vectors.decode("AAA="))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
