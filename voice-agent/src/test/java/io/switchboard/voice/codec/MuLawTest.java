package io.switchboard.voice.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MuLawTest {

  @ParameterizedTest(name = "0x{0} decodes to {1}")
  @DisplayName("mu-law codes decode to the G.711 reference (ITU-T G.191) values")
  @CsvSource({
    "FF, 0", "7F, 0", "00, -32124", "80, 32124", "01, -31100", "02, -30076", "03, -29052",
    "07, -24956", "10, -15996", "20, -7932", "30, -3900", "90, 15996", "F0, 120", "EF, 132",
    "7E, -8", "FE, 8"
  })
  void decodesReferenceVectors(String code, int expected) {
    assertThat(MuLaw.decode((byte) Integer.parseInt(code, 16))).isEqualTo((short) expected);
  }

  @Test
  @DisplayName("Every mu-law code survives decode then encode (both zeros become the positive one)")
  void everyCodeRoundTrips() {
    for (int code = 0; code < 256; code++) {
      byte reencoded = MuLaw.encode(MuLaw.decode((byte) code));
      int expected = code == 0x7F ? 0xFF : code;
      assertThat(reencoded & 0xFF).as("code 0x%02X", code).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName(
      "Louder input never gives a quieter mu-law sample, and the error stays within a step")
  void encodeIsMonotonicAndClose() {
    int previous = Integer.MIN_VALUE;
    for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
      int y = MuLaw.decode(MuLaw.encode((short) x));
      assertThat(y).as("x=%d", x).isGreaterThanOrEqualTo(previous);
      // The top segment's step is 1024; clipping adds at most 32767 - 32124.
      assertThat(Math.abs(y - x)).as("x=%d", x).isLessThanOrEqualTo(1024);
      previous = y;
    }
  }

  @Test
  @DisplayName("Bulk decode and encode match sample by sample at any offset")
  void bulkMatchesSingle() {
    byte[] codes = new byte[300];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = (byte) (i * 37);
    }
    short[] samples = new short[310];
    MuLaw.decode(codes, 20, samples, 5, 256);
    for (int i = 0; i < 256; i++) {
      assertThat(samples[5 + i]).isEqualTo(MuLaw.decode(codes[20 + i]));
    }
    byte[] back = new byte[260];
    MuLaw.encode(samples, 5, back, 3, 256);
    for (int i = 0; i < 256; i++) {
      assertThat(back[3 + i]).isEqualTo(MuLaw.encode(samples[5 + i]));
    }
  }

  @Test
  @DisplayName("Bulk calls refuse ranges outside the arrays")
  void bulkRefusesBadRanges() {
    assertThatThrownBy(() -> MuLaw.decode(new byte[10], 5, new short[10], 0, 6))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> MuLaw.decode(new byte[10], 0, new short[10], 5, 6))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> MuLaw.encode(new short[10], -1, new byte[10], 0, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> MuLaw.encode(new short[10], 0, new byte[10], 0, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
