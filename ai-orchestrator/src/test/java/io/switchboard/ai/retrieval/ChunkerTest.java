package io.switchboard.ai.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.retrieval.Chunker.Chunk;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  @Test
  @DisplayName("Short paragraphs share a chunk; each chunk keeps the title and stays under size")
  void paragraphsPacked() {
    String body = "First paragraph here.\n\nSecond one.\n\n" + "x ".repeat(40).strip();
    List<Chunk> chunks = new Chunker(100).chunks("Refunds", body);

    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).text()).isEqualTo("First paragraph here.\nSecond one.");
    assertThat(chunks).allSatisfy(c -> assertThat(c.title()).isEqualTo("Refunds"));
    assertThat(chunks).allSatisfy(c -> assertThat(c.text().length()).isLessThanOrEqualTo(100));
    assertThat(chunks).extracting(Chunk::number).containsExactly(0, 1);
  }

  @Test
  @DisplayName("A long paragraph is split at sentence ends, a long sentence at spaces")
  void longParagraphSplit() {
    String sentence = "This sentence has exactly some words in it.";
    String body = (sentence + " ").repeat(10).strip() + " " + "word ".repeat(80).strip();
    List<Chunk> chunks = new Chunker(120).chunks("T", body);

    assertThat(chunks).allSatisfy(c -> assertThat(c.text().length()).isLessThanOrEqualTo(120));
    assertThat(chunks.get(0).text()).startsWith(sentence).endsWith(".");
    assertThat(String.join(" ", chunks.stream().map(Chunk::text).toList()).replace('\n', ' '))
        .isEqualTo(body);
  }

  @Test
  @DisplayName("A word longer than a chunk is cut; a blank body has no chunks; size must be >0")
  void edges() {
    assertThat(new Chunker(100).chunks("T", "a".repeat(250)))
        .extracting(c -> c.text().length())
        .containsExactly(100, 100, 50);
    assertThat(new Chunker(100).chunks("T", "  \n\n ")).isEmpty();
    assertThat(new Chunker(100).chunks("T", null)).isEmpty();
    assertThatThrownBy(() -> new Chunker(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
