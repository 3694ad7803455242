package io.switchboard.loadtests.hub;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Searches in received bytes without decoding them. */
final class Bytes {

  static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);
  private static final byte[] STAMP = "ts=".getBytes();

  private Bytes() {}

  static int indexOf(byte[] data, int from, int end, byte[] needle) {
    outer:
    for (int i = from; i <= end - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static boolean startsWith(byte[] data, int start, int end, byte[] prefix) {
    return end - start >= prefix.length
        && indexOf(data, start, start + prefix.length, prefix) == start;
  }

  /**
   * Records the time since the send time a publisher wrote into a body ({@code ts=<nanoTime>})
   * found in {@code [from, end)} of {@code data}; nothing when there is none.
   */
  static void recordLatency(Histogram latency, byte[] data, int from, int end) {
    int stamp = indexOf(data, from, end, STAMP);
    if (stamp < 0) {
      return;
    }
    long sentAt = 0;
    for (int i = stamp + STAMP.length; i < end; i++) {
      byte digit = data[i];
      if (digit < '0' || digit > '9') {
        break;
      }
      sentAt = sentAt * 10 + (digit - '0');
    }
    latency.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - sentAt) / 1000));
  }
}
