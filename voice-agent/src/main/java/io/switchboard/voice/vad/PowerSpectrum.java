package io.switchboard.voice.vad;

import java.util.Arrays;

/**
 * Power spectrum of one frame: Hann window, zero padding to a power of two, and a real FFT done as
 * a complex FFT of half the size (even samples as real parts, odd as imaginary) untangled
 * afterwards, which halves the work. Holds its own work arrays, so one instance per detector; not
 * thread-safe.
 */
final class PowerSpectrum {

  private final int frameSamples;
  private final int size;
  private final int half;
  private final double[] window;
  private final double[] cos;
  private final double[] sin;
  private final int[] bitReversed;
  private final double[] re;
  private final double[] im;
  private final double[] power;

  /** A spectrum of {@code frameSamples} samples padded to {@code size} (a power of two). */
  PowerSpectrum(int frameSamples, int size) {
    if (Integer.bitCount(size) != 1 || size < 4 || size < frameSamples) {
      throw new IllegalArgumentException("size must be a power of two of at least the frame");
    }
    this.frameSamples = frameSamples;
    this.size = size;
    this.half = size / 2;
    window = new double[frameSamples];
    for (int i = 0; i < frameSamples; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (frameSamples - 1));
    }
    // Twiddles of the full size: the half-size FFT uses every other one, the untangling all.
    cos = new double[half];
    sin = new double[half];
    for (int i = 0; i < half; i++) {
      cos[i] = Math.cos(2 * Math.PI * i / size);
      sin[i] = Math.sin(2 * Math.PI * i / size);
    }
    bitReversed = new int[half];
    int bits = Integer.numberOfTrailingZeros(half);
    for (int i = 0; i < half; i++) {
      bitReversed[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
    }
    re = new double[half];
    im = new double[half];
    power = new double[half + 1];
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
    Arrays.fill(re, 0);
    Arrays.fill(im, 0);
    for (int i = 0; i < frameSamples; i++) {
      int at = bitReversed[i >> 1];
      double sample = pcm[offset + i] * window[i];
      if ((i & 1) == 0) {
        re[at] = sample;
      } else {
        im[at] = sample;
      }
    }
    for (int span = 1; span < half; span <<= 1) {
      int step = size / (2 * span);
      for (int start = 0; start < half; start += 2 * span) {
        for (int k = 0; k < span; k++) {
          int a = start + k;
          int b = a + span;
          double wr = cos[k * step];
          double wi = -sin[k * step];
          double br = re[b] * wr - im[b] * wi;
          double bi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - br;
          im[b] = im[a] - bi;
          re[a] += br;
          im[a] += bi;
        }
      }
    }
    // Untangle: X[k] = E[k] + e^(-2 pi i k / size) O[k], E and O the even and odd samples' spectra.
    for (int k = 0; k <= half; k++) {
      int m = k % half;
      int n = (half - k) % half;
      double evenRe = (re[m] + re[n]) / 2;
      double evenIm = (im[m] - im[n]) / 2;
      double oddRe = (im[m] + im[n]) / 2;
      double oddIm = (re[n] - re[m]) / 2;
      double c = k < half ? cos[k] : -1;
      double s = k < half ? sin[k] : 0;
      double xRe = evenRe + c * oddRe + s * oddIm;
      double xIm = evenIm + c * oddIm - s * oddRe;
      power[k] = xRe * xRe + xIm * xIm;
    }
    return power;
  }
}
