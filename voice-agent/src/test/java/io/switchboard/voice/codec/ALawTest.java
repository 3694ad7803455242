package io.switchboard.voice.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ALawTest {

  @ParameterizedTest(name = "0x{0} decodes to {1}")
  @DisplayName("A-law codes decode to the G.711 reference values")
  @CsvSource({
    "D5, 8", "55, -8", "2A, -32256", "AA, 32256", "00, -5504", "01, -5248", "02, -6016",
    "28, -30208", "29, -29184", "50, -88", "51, -72", "52, -120", "54, -24", "80, 5504"
  })
  void decodesReferenceVectors(String code, int expected) {
    assertThat(ALaw.decode((byte) Integer.parseInt(code, 16))).isEqualTo((short) expected);
  }

  @Test
  @DisplayName("Every A-law code survives decode then encode")
  void everyCodeRoundTrips() {
    for (int code = 0; code < 256; code++) {
      assertThat(ALaw.encode(ALaw.decode((byte) code)) & 0xFF)
          .as("code 0x%02X", code)
          .isEqualTo(code);
    }
  }

  @Test
  @DisplayName("Louder input never gives a quieter A-law sample, and the error stays within a step")
  void encodeIsMonotonicAndClose() {
    int previous = Integer.MIN_VALUE;
    for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
      int y = ALaw.decode(ALaw.encode((short) x));
      assertThat(y).as("x=%d", x).isGreaterThanOrEqualTo(previous);
      // The top segment's step is 1024, decoded at its middle.
      assertThat(Math.abs(y - x)).as("x=%d", x).isLessThanOrEqualTo(1024);
      previous = y;
    }
  }

  @Test
  @DisplayName(
      "Bulk decode and encode match sample by sample, and refuse ranges outside the arrays")
  void bulkMatchesSingle() {
    byte[] codes = new byte[256];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = (byte) i;
    }
    short[] samples = new short[256];
    ALaw.decode(codes, 0, samples, 0, 256);
    byte[] back = new byte[256];
    ALaw.encode(samples, 0, back, 0, 256);
    assertThat(back).isEqualTo(codes);
    assertThatThrownBy(() -> ALaw.decode(codes, 200, samples, 0, 100))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ALaw.encode(samples, 0, back, 200, 100))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
