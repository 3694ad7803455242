package io.switchboard.voice.codec;

/**
 * Designs the Kaiser-windowed sinc low-pass that every resampler in this package filters with, laid
 * out as polyphase branches.
 */
final class LowPassDesign {

  /** Sinc zero crossings kept on each side of the centre: sets the transition band's width. */
  static final int ZERO_CROSSINGS = 20;

  /** Cut-off as a fraction of the lower rate's Nyquist frequency: 3.6 kHz for telephony. */
  static final double CUTOFF_FRACTION = 0.9;

  /** Kaiser window shape for about 80 dB of stop-band attenuation. */
  static final double KAISER_BETA = 7.86;

  /** Independent partial sums per dot product; every branch has a multiple of this many taps. */
  static final int DOT_LANES = 4;

  private LowPassDesign() {}

  /**
   * Polyphase branches of a symmetric low-pass for interpolating by {@code up} and then decimating
   * by {@code down}: {@code branches[p * taps + j]} multiplies the {@code j}-th oldest of the last
   * {@code taps} input samples for output phase {@code p}. Its centre lies {@code delay * down}
   * samples into the filter at the up-sampled rate, so the output lags by exactly {@code delay}
   * samples.
   */
  static Polyphase design(int up, int down) {
    double cutoff = CUTOFF_FRACTION * 0.5 / Math.max(up, down); // cycles per up-sampled sample
    double samplesPerZeroCrossing = 0.5 / cutoff;
    int halfLength = (int) Math.ceil(ZERO_CROSSINGS * samplesPerZeroCrossing);
    int delay = (halfLength + down - 1) / down;
    halfLength = delay * down;
    int length = 2 * halfLength + 1;
    // Whole groups of DOT_LANES taps let the dot product run that many independent sums.
    int taps = ((length + up - 1) / up + DOT_LANES - 1) / DOT_LANES * DOT_LANES;
    double[] prototype = new double[taps * up];
    double i0Beta = besselI0(KAISER_BETA);
    for (int k = 0; k < length; k++) {
      double t = k - halfLength;
      double sinc = t == 0 ? 1.0 : Math.sin(2 * Math.PI * cutoff * t) / (2 * Math.PI * cutoff * t);
      double ratio = t / halfLength;
      double window = besselI0(KAISER_BETA * Math.sqrt(1 - ratio * ratio)) / i0Beta;
      prototype[k] = 2 * cutoff * sinc * window;
    }
    float[] branches = new float[up * taps];
    for (int p = 0; p < up; p++) {
      // Each branch alone must pass DC at unity, or interpolated samples would ripple at DC.
      double sum = 0;
      for (int k = 0; k < taps; k++) {
        sum += prototype[p + k * up];
      }
      for (int j = 0; j < taps; j++) {
        branches[p * taps + j] = (float) (prototype[p + (taps - 1 - j) * up] / sum);
      }
    }
    return new Polyphase(branches, taps, delay);
  }

  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double half = x / 2;
    for (int k = 1; k < 50; k++) {
      term *= (half / k) * (half / k);
      sum += term;
      if (term < 1e-12 * sum) {
        break;
      }
    }
    return sum;
  }

  /** Polyphase filter branches, the taps per branch, and the output delay in output samples. */
  record Polyphase(float[] branches, int taps, int delay) {}
}
