package io.switchboard.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Close reasons cut to what a WebSocket close frame holds")
class CloseReasonTest {

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  @DisplayName("a reason that fits is kept as it is, an empty or missing one is empty")
  void fits() {
    String full = "a".repeat(CloseReason.MAX_BYTES);
    assertThat(CloseReason.fit(full)).isSameAs(full);
    assertThat(CloseReason.fit("slow")).isEqualTo("slow");
    assertThat(CloseReason.fit(null)).isEmpty();
  }

  @Test
  @DisplayName("a long reason is cut by UTF-8 bytes, not characters, never inside a character")
  void cutsByBytes() {
    String wide = "invalid JSON: 'ÿÿÿÿ" + "é".repeat(100) + "'";
    String cut = CloseReason.fit(wide);
    assertThat(bytes(cut)).isLessThanOrEqualTo(CloseReason.MAX_BYTES).isGreaterThan(120);
    assertThat(wide).startsWith(cut);
    assertThat(new String(cut.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo(cut);
  }

  @Test
  @DisplayName("a character outside the BMP is kept whole or left out, never split")
  void surrogatePairs() {
    String emoji = "\uD83D\uDE00"; // four bytes in UTF-8, two chars in Java
    String cut = CloseReason.fit("ab" + emoji.repeat(40));
    assertThat(bytes(cut)).isEqualTo(2 + 4 * 30);
    assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
  }
}
