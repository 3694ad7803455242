package io.switchboard.voice.codec;

import java.util.Objects;

/**
 * ITU-T G.711 A-law: 8-bit telephony codes to and from 16-bit linear PCM, as the reference
 * algorithm (Sun's {@code g711.c}, 13-bit form) computes them.
 */
public final class ALaw {

  /** Every A-law code has its even bits inverted on the wire. */
  private static final int EVEN_BIT_INVERSION = 0x55;

  private static final short[] DECODE = decodeTable();

  private ALaw() {}

  /** The linear sample an A-law code stands for. */
  public static short decode(byte code) {
    return DECODE[code & 0xFF];
  }

  /** The A-law code for a linear sample (the low three bits are below A-law's resolution). */
  public static byte encode(short sample) {
    int pcm = sample >> 3;
    int mask;
    if (pcm >= 0) {
      mask = 0x80 | EVEN_BIT_INVERSION;
    } else {
      mask = EVEN_BIT_INVERSION;
      pcm = -pcm - 1;
    }
    // pcm is 0..4095 here; the segment is the position of the highest set bit above bit 4.
    int segment = Math.max(0, 31 - Integer.numberOfLeadingZeros(pcm) - 4);
    int shift = segment < 2 ? 1 : segment;
    int code = (segment << 4) | ((pcm >> shift) & 0x0F);
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
      int a = code ^ EVEN_BIT_INVERSION;
      int magnitude = (a & 0x0F) << 4;
      int segment = (a & 0x70) >> 4;
      if (segment == 0) {
        magnitude += 8;
      } else {
        magnitude = (magnitude + 0x108) << (segment - 1);
      }
      table[code] = (short) ((a & 0x80) != 0 ? magnitude : -magnitude);
    }
    return table;
  }
}
