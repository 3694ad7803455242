package io.switchboard.voice.codec;

import java.util.Objects;

/**
 * ITU-T G.711 mu-law: 8-bit telephony codes to and from 16-bit linear PCM, as the reference
 * algorithm (Sun's {@code g711.c}) computes them.
 */
public final class MuLaw {

  /** Added to the magnitude before segment search so every segment starts on a power of two. */
  private static final int BIAS = 0x84;

  /** Largest magnitude that still fits the top segment once {@link #BIAS} is added. */
  private static final int CLIP = 32635;

  private static final short[] DECODE = decodeTable();

  private MuLaw() {}

  /** The linear sample a mu-law code stands for. */
  public static short decode(byte code) {
    return DECODE[code & 0xFF];
  }

  /**
   * The mu-law code for a linear sample; magnitudes are truncated to the segment step, so {@code
   * decode(encode(x))} is never further from zero than {@code x}.
   */
  public static byte encode(short sample) {
    int pcm = sample;
    int mask;
    if (pcm < 0) {
      pcm = -pcm;
      mask = 0x7F;
    } else {
      mask = 0xFF;
    }
    if (pcm > CLIP) {
      pcm = CLIP;
    }
    pcm += BIAS;
    // The segment is the position of the highest set bit above bit 7 (0..7).
    int segment = Math.max(0, 31 - Integer.numberOfLeadingZeros(pcm) - 7);
    int code = (segment << 4) | ((pcm >> (segment + 3)) & 0x0F);
    return (byte) (code ^ mask);
  }

  /** Decodes {@code n} codes from {@code src[srcOff..]} into {@code dst[dstOff..]}. */
  public static void decode(byte[] src, int srcOff, short[] dst, int dstOff, int n) {
    Objects.checkFromIndexSize(srcOff, n, src.length);
    Objects.checkFromIndexSize(dstOff, n, dst.length);
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = DECODE[src[srcOff + i] & 0xFF];
    }
  }

  /** Encodes {@code n} samples from {@code src[srcOff..]} into {@code dst[dstOff..]}. */
  public static void encode(short[] src, int srcOff, byte[] dst, int dstOff, int n) {
    Objects.checkFromIndexSize(srcOff, n, src.length);
    Objects.checkFromIndexSize(dstOff, n, dst.length);
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = encode(src[srcOff + i]);
    }
  }

  private static short[] decodeTable() {
    short[] table = new short[256];
    for (int code = 0; code < 256; code++) {
      int u = ~code & 0xFF;
      int exponent = (u >> 4) & 0x07;
      int mantissa = u & 0x0F;
      int magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
      table[code] = (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
    }
    return table;
  }
}
