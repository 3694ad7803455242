package io.switchboard.voice.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * Converts a stream of 16-bit samples from one rate to another by a rational factor, through a
 * polyphase windowed-sinc low-pass; it keeps its filter history between calls, so cutting a signal
 * into frames changes no output sample. One instance per stream; not thread-safe.
 */
public final class RationalResampler {

  /** Highest rate accepted: far above any telephony or speech-model rate. */
  public static final int MAX_RATE = 192_000;

  private final int inRate;
  private final int outRate;
  private final int up;
  private final int down;
  private final float[] branches;
  private final int taps;
  private final int delay;

  /** Input history written twice, at {@code i} and {@code i + taps}, so a window never wraps. */
  private final float[] history;

  private int newest;
  private int phase;

  /** A resampler from {@code inRate} to {@code outRate} samples per second. */
  public RationalResampler(int inRate, int outRate) {
    if (inRate <= 0 || outRate <= 0 || inRate > MAX_RATE || outRate > MAX_RATE) {
      throw new IllegalArgumentException(
          "rates must be 1.." + MAX_RATE + " Hz, got " + inRate + " -> " + outRate);
    }
    int gcd = gcd(inRate, outRate);
    this.inRate = inRate;
    this.outRate = outRate;
    this.up = outRate / gcd;
    this.down = inRate / gcd;
    LowPassDesign.Polyphase filter = LowPassDesign.design(up, down);
    this.branches = filter.branches();
    this.taps = filter.taps();
    this.delay = filter.delay();
    this.history = new float[2 * taps];
    this.newest = taps - 1;
  }

  /** Resamples a whole signal, compensating the filter delay so input and output line up. */
  public static short[] resample(short[] in, int inRate, int outRate) {
    Objects.requireNonNull(in, "in");
    RationalResampler resampler = new RationalResampler(inRate, outRate);
    int length = (int) (((long) in.length * outRate + inRate / 2) / inRate);
    int tail = (int) (((long) resampler.delay * inRate + outRate - 1) / outRate) + 1;
    short[] padded = new short[in.length + tail];
    System.arraycopy(in, 0, padded, 0, in.length);
    short[] out = new short[resampler.maxOutput(padded.length)];
    int written = resampler.process(padded, 0, padded.length, out, 0);
    short[] aligned = new short[length];
    System.arraycopy(out, resampler.delay, aligned, 0, Math.min(length, written - resampler.delay));
    return aligned;
  }

  /**
   * Resamples {@code n} input samples from {@code in[inOff..]} into {@code out[outOff..]} and
   * returns how many samples it wrote, exactly {@link #outputFor(int)}; {@code out} must have room
   * for them.
   */
  public int process(short[] in, int inOff, int n, short[] out, int outOff) {
    Objects.checkFromIndexSize(inOff, n, in.length);
    Objects.checkFromIndexSize(outOff, outputFor(n), out.length);
    int written = outOff;
    int p = phase;
    int pos = newest;
    for (int i = 0; i < n; i++) {
      pos = pos + 1 == taps ? 0 : pos + 1;
      float sample = in[inOff + i];
      history[pos] = sample;
      history[pos + taps] = sample;
      int start = pos + 1;
      while (p < up) {
        out[written++] = toShort(dot(branches, p * taps, history, start, taps));
        p += down;
      }
      p -= up;
    }
    phase = p;
    newest = pos;
    return written - outOff;
  }

  /** How many samples the next {@link #process} call writes for {@code n} input samples. */
  public int outputFor(int n) {
    return (int) Math.max(0, ((long) n * up - phase + down - 1) / down);
  }

  /** The most samples any {@link #process} call writes for {@code n} input samples. */
  public int maxOutput(int n) {
    return (int) (((long) n * up + down - 1) / down);
  }

  /** How many output samples the output lags the input by (half the filter). */
  public int delay() {
    return delay;
  }

  /** Input rate in samples per second. */
  public int inRate() {
    return inRate;
  }

  /** Output rate in samples per second. */
  public int outRate() {
    return outRate;
  }

  /** Forgets the stream so far, as if newly made. */
  public void reset() {
    Arrays.fill(history, 0f);
    newest = taps - 1;
    phase = 0;
  }

  /** A dot product over {@code n} (a multiple of four) values, in four independent sums. */
  private static float dot(float[] coefficients, int cOff, float[] samples, int sOff, int n) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    for (int j = 0; j < n; j += LowPassDesign.DOT_LANES) {
      s0 += coefficients[cOff + j] * samples[sOff + j];
      s1 += coefficients[cOff + j + 1] * samples[sOff + j + 1];
      s2 += coefficients[cOff + j + 2] * samples[sOff + j + 2];
      s3 += coefficients[cOff + j + 3] * samples[sOff + j + 3];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static short toShort(float value) {
    int rounded = Math.round(value);
    if (rounded > Short.MAX_VALUE) {
      return Short.MAX_VALUE;
    }
    if (rounded < Short.MIN_VALUE) {
      return Short.MIN_VALUE;
    }
    return (short) rounded;
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
