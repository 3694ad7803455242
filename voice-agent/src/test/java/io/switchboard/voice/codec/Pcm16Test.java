package io.switchboard.voice.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class Pcm16Test {

  private static final short[] SAMPLES = {0, 1, -1, 0x1234, Short.MAX_VALUE, Short.MIN_VALUE};
  private static final byte[] BYTES = {
    0, 0, 1, 0, (byte) 0xFF, (byte) 0xFF, 0x34, 0x12, (byte) 0xFF, 0x7F, 0, (byte) 0x80
  };

  @Test
  @DisplayName("Samples become little-endian bytes and back, in arrays")
  void arrays() {
    byte[] bytes = new byte[BYTES.length + 2];
    Pcm16.toBytes(SAMPLES, 0, bytes, 2, SAMPLES.length);
    assertThat(java.util.Arrays.copyOfRange(bytes, 2, bytes.length)).isEqualTo(BYTES);
    short[] back = new short[SAMPLES.length + 1];
    Pcm16.toSamples(bytes, 2, back, 1, SAMPLES.length);
    assertThat(java.util.Arrays.copyOfRange(back, 1, back.length)).isEqualTo(SAMPLES);
  }

  @Test
  @DisplayName("Samples become little-endian bytes and back, in Vert.x buffers")
  void buffers() {
    Buffer buffer = Pcm16.append(SAMPLES, 0, SAMPLES.length, Buffer.buffer().appendByte((byte) 9));
    assertThat(buffer.getBytes(1, buffer.length())).isEqualTo(BYTES);
    short[] back = new short[SAMPLES.length];
    Pcm16.toSamples(buffer, 1, back, 0, SAMPLES.length);
    assertThat(back).isEqualTo(SAMPLES);
  }

  @Test
  @DisplayName("A byte count that cuts a sample in half is reported, and short input is refused")
  void refusesWrongInput() {
    assertThat(Pcm16.samplesIn(640)).isEqualTo(320);
    assertThat(Pcm16.samplesIn(641)).isEqualTo(-1);
    assertThatThrownBy(() -> Pcm16.toSamples(new byte[5], 0, new short[3], 0, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Pcm16.toSamples(Buffer.buffer(new byte[5]), 0, new short[3], 0, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Pcm16.toBytes(new short[3], 0, new byte[5], 0, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Pcm16.append(new short[3], 1, 3, Buffer.buffer()))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
