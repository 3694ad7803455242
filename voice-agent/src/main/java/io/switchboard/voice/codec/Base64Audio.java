package io.switchboard.voice.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * Base64 (RFC 4648 standard alphabet, padded) for audio payloads, decoding into and encoding from
 * caller-owned buffers so a media frame costs no allocation.
 */
public final class Base64Audio {

  /** Returned by the decoders for input that is not padded standard base64 or does not fit. */
  public static final int INVALID = -1;

  private static final char PAD = '=';

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

  /** Sextet per ASCII character, -1 where a character is outside the alphabet. */
  private static final byte[] SEXTETS = sextets();

  private Base64Audio() {}

  /**
   * Decodes all of {@code src} into {@code dst[dstOff..]} and returns the byte count, or {@link
   * #INVALID} when {@code src} has a character outside the alphabet, a length that is not a
   * multiple of four, misplaced padding, or more bytes than {@code dst} has room for.
   */
  public static int decode(CharSequence src, byte[] dst, int dstOff) {
    return decode(src, 0, src.length(), dst, dstOff);
  }

  /** Decodes {@code src[srcOff, srcOff + srcLen)} as {@link #decode(CharSequence, byte[], int)}. */
  public static int decode(CharSequence src, int srcOff, int srcLen, byte[] dst, int dstOff) {
    Objects.checkFromIndexSize(srcOff, srcLen, src.length());
    Objects.checkIndex(dstOff, dst.length + 1);
    if (srcLen % 4 != 0) {
      return INVALID;
    }
    if (srcLen == 0) {
      return 0;
    }
    int end = srcOff + srcLen;
    int padding = src.charAt(end - 1) != PAD ? 0 : src.charAt(end - 2) != PAD ? 1 : 2;
    int length = srcLen / 4 * 3 - padding;
    if (length > dst.length - dstOff) {
      return INVALID;
    }
    int out = dstOff;
    int fullEnd = end - (padding == 0 ? 0 : 4);
    for (int i = srcOff; i < fullEnd; i += 4) {
      int bits = quad(src, i);
      if (bits < 0) {
        return INVALID;
      }
      dst[out++] = (byte) (bits >> 16);
      dst[out++] = (byte) (bits >> 8);
      dst[out++] = (byte) bits;
    }
    if (padding > 0) {
      int a = sextet(src.charAt(fullEnd));
      int b = sextet(src.charAt(fullEnd + 1));
      int c = padding == 1 ? sextet(src.charAt(fullEnd + 2)) : 0;
      if ((a | b | c) < 0) {
        return INVALID;
      }
      dst[out++] = (byte) ((a << 2) | (b >> 4));
      if (padding == 1) {
        dst[out++] = (byte) ((b << 4) | (c >> 2));
      }
    }
    return out - dstOff;
  }

  /** How many bytes {@code chars} characters of padded base64 hold at most. */
  public static int maxDecodedLength(int chars) {
    return chars / 4 * 3;
  }

  /** How many characters encoding {@code bytes} bytes takes, padding included. */
  public static int encodedLength(int bytes) {
    return (bytes + 2) / 3 * 4;
  }

  /**
   * Encodes {@code src[srcOff, srcOff + n)} into {@code dst[dstOff..]} and returns the character
   * count, {@link #encodedLength(int)}.
   */
  public static int encode(byte[] src, int srcOff, int n, char[] dst, int dstOff) {
    Objects.checkFromIndexSize(srcOff, n, src.length);
    int length = encodedLength(n);
    Objects.checkFromIndexSize(dstOff, length, dst.length);
    int out = dstOff;
    int end = srcOff + n;
    int fullEnd = srcOff + n / 3 * 3;
    for (int i = srcOff; i < fullEnd; i += 3) {
      int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
      dst[out++] = ALPHABET[bits >>> 18];
      dst[out++] = ALPHABET[(bits >>> 12) & 0x3F];
      dst[out++] = ALPHABET[(bits >>> 6) & 0x3F];
      dst[out++] = ALPHABET[bits & 0x3F];
    }
    int left = end - fullEnd;
    if (left > 0) {
      int bits = (src[fullEnd] & 0xFF) << 16 | (left == 2 ? (src[fullEnd + 1] & 0xFF) << 8 : 0);
      dst[out++] = ALPHABET[bits >>> 18];
      dst[out++] = ALPHABET[(bits >>> 12) & 0x3F];
      dst[out++] = left == 2 ? ALPHABET[(bits >>> 6) & 0x3F] : PAD;
      dst[out++] = PAD;
    }
    return length;
  }

  /**
   * Appends the encoding of {@code src[srcOff, srcOff + n)} to {@code out}, which a caller reuses
   * (after {@code setLength(0)}) so steady-state frames allocate nothing.
   */
  public static StringBuilder encode(byte[] src, int srcOff, int n, StringBuilder out) {
    Objects.checkFromIndexSize(srcOff, n, src.length);
    int end = srcOff + n;
    int fullEnd = srcOff + n / 3 * 3;
    out.ensureCapacity(out.length() + encodedLength(n));
    for (int i = srcOff; i < fullEnd; i += 3) {
      int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
      out.append(ALPHABET[bits >>> 18])
          .append(ALPHABET[(bits >>> 12) & 0x3F])
          .append(ALPHABET[(bits >>> 6) & 0x3F])
          .append(ALPHABET[bits & 0x3F]);
    }
    int left = end - fullEnd;
    if (left > 0) {
      int bits = (src[fullEnd] & 0xFF) << 16 | (left == 2 ? (src[fullEnd + 1] & 0xFF) << 8 : 0);
      out.append(ALPHABET[bits >>> 18])
          .append(ALPHABET[(bits >>> 12) & 0x3F])
          .append(left == 2 ? ALPHABET[(bits >>> 6) & 0x3F] : PAD)
          .append(PAD);
    }
    return out;
  }

  /** The encoding of {@code src[srcOff, srcOff + n)} as a new String. */
  public static String encodeToString(byte[] src, int srcOff, int n) {
    char[] chars = new char[encodedLength(n)];
    encode(src, srcOff, n, chars, 0);
    return new String(chars);
  }

  private static int quad(CharSequence src, int i) {
    int a = sextet(src.charAt(i));
    int b = sextet(src.charAt(i + 1));
    int c = sextet(src.charAt(i + 2));
    int d = sextet(src.charAt(i + 3));
    if ((a | b | c | d) < 0) {
      return -1;
    }
    return a << 18 | b << 12 | c << 6 | d;
  }

  private static int sextet(char c) {
    return c < SEXTETS.length ? SEXTETS[c] : -1;
  }

  private static byte[] sextets() {
    byte[] table = new byte[128];
    Arrays.fill(table, (byte) -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      table[ALPHABET[i]] = (byte) i;
    }
    return table;
  }
}
