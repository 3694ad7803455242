package io.switchboard.voice.codec;

import io.vertx.core.buffer.Buffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/** 16-bit little-endian PCM bytes, in arrays or Vert.x buffers, to and from samples. */
public final class Pcm16 {

  /** Bytes per 16-bit sample. */
  public static final int BYTES_PER_SAMPLE = 2;

  private static final VarHandle LITTLE_ENDIAN_SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private Pcm16() {}

  /** Reads {@code n} samples from {@code src[srcOff..]} (2n bytes) into {@code dst[dstOff..]}. */
  public static void toSamples(byte[] src, int srcOff, short[] dst, int dstOff, int n) {
    Objects.checkFromIndexSize(srcOff, n * BYTES_PER_SAMPLE, src.length);
    Objects.checkFromIndexSize(dstOff, n, dst.length);
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = (short) LITTLE_ENDIAN_SHORT.get(src, srcOff + i * BYTES_PER_SAMPLE);
    }
  }

  /** Writes {@code n} samples from {@code src[srcOff..]} as 2n bytes into {@code dst[dstOff..]}. */
  public static void toBytes(short[] src, int srcOff, byte[] dst, int dstOff, int n) {
    Objects.checkFromIndexSize(srcOff, n, src.length);
    Objects.checkFromIndexSize(dstOff, n * BYTES_PER_SAMPLE, dst.length);
    for (int i = 0; i < n; i++) {
      LITTLE_ENDIAN_SHORT.set(dst, dstOff + i * BYTES_PER_SAMPLE, src[srcOff + i]);
    }
  }

  /**
   * Reads {@code n} samples starting at byte {@code srcPos} of {@code src} into {@code
   * dst[dstOff..]}.
   */
  public static void toSamples(Buffer src, int srcPos, short[] dst, int dstOff, int n) {
    Objects.checkFromIndexSize(srcPos, n * BYTES_PER_SAMPLE, src.length());
    Objects.checkFromIndexSize(dstOff, n, dst.length);
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = src.getShortLE(srcPos + i * BYTES_PER_SAMPLE);
    }
  }

  /** Appends {@code n} samples from {@code src[srcOff..]} to {@code dst} and returns it. */
  public static Buffer append(short[] src, int srcOff, int n, Buffer dst) {
    Objects.checkFromIndexSize(srcOff, n, src.length);
    for (int i = 0; i < n; i++) {
      dst.appendShortLE(src[srcOff + i]);
    }
    return dst;
  }

  /** How many whole samples {@code bytes} bytes hold, or -1 if a sample would be cut in half. */
  public static int samplesIn(int bytes) {
    return bytes % BYTES_PER_SAMPLE == 0 ? bytes / BYTES_PER_SAMPLE : -1;
  }
}
