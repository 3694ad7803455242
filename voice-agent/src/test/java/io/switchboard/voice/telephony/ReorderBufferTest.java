package io.switchboard.voice.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Telephony chunks put back in order")
class ReorderBufferTest {

  private final List<Integer> played = new ArrayList<>();

  /** Chunk n carries byte n; silence is 0xFF (mu-law) and shows as -1. */
  private ReorderBuffer buffer(int window) {
    return new ReorderBuffer(window, false, chunk -> played.add((int) chunk[0]));
  }

  private static byte[] chunk(int n) {
    return new byte[] {(byte) n, (byte) n};
  }

  @Test
  @DisplayName("Chunks in order play as they come")
  void inOrder() {
    ReorderBuffer buffer = buffer(3);
    for (int i = 1; i <= 5; i++) {
      buffer.accept(i, chunk(i));
    }
    assertThat(played).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  @DisplayName("A late chunk within the window is put back in its place")
  void swapped() {
    ReorderBuffer buffer = buffer(3);
    buffer.accept(1, chunk(1));
    buffer.accept(3, chunk(3));
    buffer.accept(4, chunk(4));
    assertThat(played).containsExactly(1);
    buffer.accept(2, chunk(2));
    assertThat(played).containsExactly(1, 2, 3, 4);
  }

  @Test
  @DisplayName(
      "A chunk that never comes is played as silence once the window fills; when it comes after, it is dropped")
  void gap() {
    ReorderBuffer buffer = buffer(2);
    buffer.accept(1, chunk(1));
    buffer.accept(3, chunk(3));
    buffer.accept(4, chunk(4));
    buffer.accept(5, chunk(5));
    assertThat(played).containsExactly(1, -1, 3, 4, 5);
    assertThat(buffer.filled()).isEqualTo(1);
    buffer.accept(2, chunk(2));
    assertThat(buffer.dropped()).isEqualTo(1);
    assertThat(played).hasSize(5);
  }

  @Test
  @DisplayName("Duplicates are dropped and counted")
  void duplicates() {
    ReorderBuffer buffer = buffer(3);
    buffer.accept(1, chunk(1));
    buffer.accept(1, chunk(1));
    buffer.accept(3, chunk(3));
    buffer.accept(3, chunk(3));
    assertThat(buffer.dropped()).isEqualTo(2);
    buffer.flush();
    assertThat(played).containsExactly(1, -1, 3);
  }

  @Test
  @DisplayName("With no window every chunk plays at once, gaps filled")
  void noWindow() {
    ReorderBuffer buffer = buffer(0);
    buffer.accept(1, chunk(1));
    buffer.accept(4, chunk(4));
    assertThat(played).containsExactly(1, -1, -1, 4);
  }

  @Test
  @DisplayName("A jump far ahead restarts the numbering instead of playing minutes of silence")
  void jump() {
    ReorderBuffer buffer = buffer(3);
    buffer.accept(1, chunk(1));
    buffer.accept(100_000, chunk(7));
    buffer.accept(100_001, chunk(8));
    assertThat(played).containsExactly(1, 7, 8);
  }

  @Test
  @DisplayName("A-law streams get A-law silence")
  void alawSilence() {
    List<Byte> out = new ArrayList<>();
    ReorderBuffer buffer = new ReorderBuffer(0, true, c -> out.add(c[0]));
    buffer.accept(1, chunk(1));
    buffer.accept(3, chunk(3));
    assertThat(out).containsExactly((byte) 1, (byte) 0xD5, (byte) 3);
  }
}
