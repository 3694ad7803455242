package io.switchboard.voice.vad;

/**
 * Power spectrum of one frame: Hann window, zero padding to a power of two, radix-2 FFT. Holds its
 * own work arrays, so one instance per detector; not thread-safe.
 */
final class PowerSpectrum {

  private final int frameSamples;
  private final int size;
  private final double[] window;
  private final double[] cos;
  private final double[] sin;
  private final int[] bitReversed;
  private final double[] re;
  private final double[] im;
  private final double[] power;

  /** A spectrum of {@code frameSamples} samples padded to {@code size} (a power of two). */
  PowerSpectrum(int frameSamples, int size) {
    if (Integer.bitCount(size) != 1 || size < frameSamples) {
      throw new IllegalArgumentException("size must be a power of two of at least the frame");
    }
    this.frameSamples = frameSamples;
    this.size = size;
    window = new double[frameSamples];
    for (int i = 0; i < frameSamples; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (frameSamples - 1));
    }
    cos = new double[size / 2];
    sin = new double[size / 2];
    for (int i = 0; i < size / 2; i++) {
      cos[i] = Math.cos(2 * Math.PI * i / size);
      sin[i] = -Math.sin(2 * Math.PI * i / size);
    }
    bitReversed = new int[size];
    int bits = Integer.numberOfTrailingZeros(size);
    for (int i = 0; i < size; i++) {
      bitReversed[i] = Integer.reverse(i) >>> (32 - bits);
    }
    re = new double[size];
    im = new double[size];
    power = new double[size / 2 + 1];
  }

  /** Frequency in hertz between two neighbouring bins at {@code sampleRate}. */
  double binHz(int sampleRate) {
    return (double) sampleRate / size;
  }

  /**
   * Computes the power of bins {@code 0..size/2} of the frame starting at {@code offset}; the
   * returned array is reused by the next call.
   */
  double[] of(short[] pcm, int offset) {
    java.util.Arrays.fill(re, 0);
    java.util.Arrays.fill(im, 0);
    for (int i = 0; i < frameSamples; i++) {
      re[bitReversed[i]] = pcm[offset + i] * window[i];
    }
    for (int half = 1; half < size; half <<= 1) {
      int step = size / (2 * half);
      for (int start = 0; start < size; start += 2 * half) {
        for (int k = 0; k < half; k++) {
          int a = start + k;
          int b = a + half;
          double wr = cos[k * step];
          double wi = sin[k * step];
          double br = re[b] * wr - im[b] * wi;
          double bi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - br;
          im[b] = im[a] - bi;
          re[a] += br;
          im[a] += bi;
        }
      }
    }
    for (int k = 0; k < power.length; k++) {
      power[k] = re[k] * re[k] + im[k] * im[k];
    }
    return power;
  }
}
