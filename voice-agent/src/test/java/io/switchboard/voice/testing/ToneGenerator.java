package io.switchboard.voice.testing;

import java.util.Random;

/** Makes test signals: sines, dual tones, silence, sweeps and seeded white noise. */
public final class ToneGenerator {

  private final int sampleRate;

  /** A generator for signals at {@code sampleRate} samples per second. */
  public ToneGenerator(int sampleRate) {
    this.sampleRate = sampleRate;
  }

  /** Samples in {@code millis} milliseconds. */
  public int samples(double millis) {
    return (int) Math.round(millis * sampleRate / 1000.0);
  }

  /** A sine of {@code frequency} Hz and peak {@code amplitude} lasting {@code millis} ms. */
  public short[] sine(double frequency, double amplitude, double millis) {
    return dual(frequency, amplitude, 0, 0, millis);
  }

  /** The sum of two sines, each with its own peak amplitude, lasting {@code millis} ms. */
  public short[] dual(double f1, double a1, double f2, double a2, double millis) {
    short[] out = new short[samples(millis)];
    for (int i = 0; i < out.length; i++) {
      double t = (double) i / sampleRate;
      double v = a1 * Math.sin(2 * Math.PI * f1 * t) + a2 * Math.sin(2 * Math.PI * f2 * t);
      out[i] = clamp(v);
    }
    return out;
  }

  /** Silence lasting {@code millis} ms. */
  public short[] silence(double millis) {
    return new short[samples(millis)];
  }

  /** A linear sweep from {@code from} to {@code to} Hz at a peak {@code amplitude}. */
  public short[] sweep(double from, double to, double amplitude, double millis) {
    short[] out = new short[samples(millis)];
    double duration = millis / 1000.0;
    for (int i = 0; i < out.length; i++) {
      double t = (double) i / sampleRate;
      double phase = 2 * Math.PI * (from * t + (to - from) * t * t / (2 * duration));
      out[i] = clamp(amplitude * Math.sin(phase));
    }
    return out;
  }

  /** Gaussian white noise with the given RMS, reproducible from {@code seed}. */
  public short[] noise(double rms, double millis, long seed) {
    Random random = new Random(seed);
    short[] out = new short[samples(millis)];
    for (int i = 0; i < out.length; i++) {
      out[i] = clamp(random.nextGaussian() * rms);
    }
    return out;
  }

  /** Adds {@code b} into {@code a} sample by sample (saturating) and returns {@code a}. */
  public static short[] mix(short[] a, short[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      a[i] = clamp(a[i] + b[i]);
    }
    return a;
  }

  /** The signals one after another. */
  public static short[] concat(short[]... parts) {
    int length = 0;
    for (short[] part : parts) {
      length += part.length;
    }
    short[] out = new short[length];
    int at = 0;
    for (short[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  /** Root mean square of {@code x[from, to)}. */
  public static double rms(short[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) x[i] * x[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  /** Peak amplitude of the {@code frequency} component of {@code x[from, to)} (a DFT bin). */
  public static double amplitudeAt(short[] x, int from, int to, double frequency, int rate) {
    double re = 0;
    double im = 0;
    for (int i = from; i < to; i++) {
      double w = 2 * Math.PI * frequency * i / rate;
      re += x[i] * Math.cos(w);
      im -= x[i] * Math.sin(w);
    }
    return 2 * Math.hypot(re, im) / (to - from);
  }

  /**
   * RMS of what is left of {@code x[from, to)} once its best-fitting {@code frequency} sine goes.
   */
  public static double residualRms(short[] x, int from, int to, double frequency, int rate) {
    double re = 0;
    double im = 0;
    int n = to - from;
    for (int i = from; i < to; i++) {
      double w = 2 * Math.PI * frequency * i / rate;
      re += x[i] * Math.cos(w);
      im += x[i] * Math.sin(w);
    }
    double a = 2 * re / n;
    double b = 2 * im / n;
    double sum = 0;
    for (int i = from; i < to; i++) {
      double w = 2 * Math.PI * frequency * i / rate;
      double r = x[i] - (a * Math.cos(w) + b * Math.sin(w));
      sum += r * r;
    }
    return Math.sqrt(sum / n);
  }

  /** Decibels of {@code value} relative to {@code reference}. */
  public static double db(double value, double reference) {
    return 20 * Math.log10(value / reference);
  }

  private static short clamp(double v) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
  }
}
