package io.switchboard.voice.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64AudioTest {

  @Test
  @DisplayName(
      "Random payloads of every small length decode and encode exactly as java.util.Base64")
  void matchesJdkOnRandomData() {
    Random random = new Random(42);
    byte[] dst = new byte[600];
    char[] chars = new char[800];
    StringBuilder reused = new StringBuilder();
    for (int length = 0; length <= 500; length++) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      String jdk = Base64.getEncoder().encodeToString(data);

      int count = Base64Audio.decode(jdk, dst, 7);
      assertThat(count).as("length %d", length).isEqualTo(length);
      assertThat(Arrays.copyOfRange(dst, 7, 7 + count)).isEqualTo(data);

      assertThat(Base64Audio.encodeToString(data, 0, length)).isEqualTo(jdk);
      int n = Base64Audio.encode(data, 0, length, chars, 3);
      assertThat(new String(chars, 3, n)).isEqualTo(jdk);
      reused.setLength(0);
      assertThat(Base64Audio.encode(data, 0, length, reused).toString()).isEqualTo(jdk);
    }
  }

  @Test
  @DisplayName("A telephony frame (216 characters) decodes to its 160 mu-law bytes")
  void telephonyFrame() {
    byte[] frame = new byte[160];
    new Random(1).nextBytes(frame);
    String payload = Base64.getEncoder().encodeToString(frame);
    assertThat(payload).hasSize(216);
    byte[] dst = new byte[160];
    assertThat(Base64Audio.decode(payload, dst, 0)).isEqualTo(160);
    assertThat(dst).isEqualTo(frame);
  }

  @Test
  @DisplayName("A range inside a larger text decodes on its own")
  void decodesRange() {
    String text = "{\"payload\":\"AQIDBA==\"}";
    byte[] dst = new byte[4];
    assertThat(Base64Audio.decode(text, 12, 8, dst, 0)).isEqualTo(4);
    assertThat(dst).containsExactly(1, 2, 3, 4);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("Malformed base64 is refused with -1, as java.util.Base64 refuses it")
  @ValueSource(
      strings = {
        "A",
        "ABCDE",
        "ABCDEFGHI", // a lone character in the last group
        "AB=",
        "ABC==", // padding that leaves the length wrong
        "A===",
        "====",
        "=AAA",
        "AA=A",
        "A=AA", // padding in the wrong place
        "AA==AAAA",
        "AAA=AAAA", // padding before the end
        "AB-_",
        "AB.C",
        "AB C",
        "AB\nC",
        "ABC\u00e9",
        "ABC\u0100",
        "AB\u0000C", // wrong alphabet
        "AAAAAAA\u2028"
      })
  void refusesMalformed(String text) {
    assertThat(Base64Audio.decode(text, new byte[64], 0)).isEqualTo(Base64Audio.INVALID);
    assertThatThrownBy(() -> Base64.getDecoder().decode(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName(
      "Unpadded base64, which java.util.Base64 tolerates, is refused: providers always pad")
  @ValueSource(strings = {"AB", "ABC", "AAAAAB", "AAAAABC", "ABCDEF"})
  void refusesUnpadded(String text) {
    assertThat(Base64.getDecoder().decode(text)).isNotEmpty();
    assertThat(Base64Audio.decode(text, new byte[64], 0)).isEqualTo(Base64Audio.INVALID);
  }

  @Test
  @DisplayName(
      "Input that would overflow the destination is refused with -1 and writes nothing past it")
  void refusesTooLong() {
    byte[] dst = new byte[10];
    String eleven = Base64.getEncoder().encodeToString(new byte[11]);
    assertThat(Base64Audio.decode(eleven, dst, 0)).isEqualTo(Base64Audio.INVALID);
    String ten = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    assertThat(Base64Audio.decode(ten, dst, 1)).isEqualTo(Base64Audio.INVALID);
    assertThat(dst).containsOnly(0);
    assertThat(Base64Audio.decode(ten, dst, 0)).isEqualTo(10);
  }

  @Test
  @DisplayName("Empty input decodes to nothing; lengths are computed for buffers")
  void emptyAndLengths() {
    assertThat(Base64Audio.decode("", new byte[0], 0)).isZero();
    assertThat(Base64Audio.encodeToString(new byte[0], 0, 0)).isEmpty();
    assertThat(Base64Audio.encodedLength(160)).isEqualTo(216);
    assertThat(Base64Audio.maxDecodedLength(216)).isEqualTo(162);
  }

  @Test
  @DisplayName("Ranges outside the arrays are refused")
  void refusesBadRanges() {
    assertThatThrownBy(() -> Base64Audio.decode("AAAA", 2, 4, new byte[3], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Base64Audio.decode("AAAA", new byte[3], 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Base64Audio.encode(new byte[3], 1, 3, new char[4], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Base64Audio.encode(new byte[3], 0, 3, new char[3], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
