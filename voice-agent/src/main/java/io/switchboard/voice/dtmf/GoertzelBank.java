package io.switchboard.voice.dtmf;

import java.util.Arrays;

/**
 * Runs the Goertzel recurrence for a fixed set of frequencies over blocks of samples and keeps, for
 * the last two blocks, each frequency's complex response, so that a window spanning both blocks can
 * be evaluated coherently. One instance per stream; not thread-safe.
 */
final class GoertzelBank {

  private final int count;
  private final int blockSize;
  private final double[] coefficient;
  private final double[] cos;
  private final double[] sin;

  /** Rotation that moves a block's response back by one block length: e^(-i w blockSize). */
  private final double[] shiftCos;

  private final double[] shiftSin;

  private final double[] s1;
  private final double[] s2;
  private double blockEnergy;
  private int filled;
  private boolean completed;

  private final double[] previousRe;
  private final double[] previousIm;
  private final double[] currentRe;
  private final double[] currentIm;
  private double previousEnergy;
  private double currentEnergy;

  GoertzelBank(double[] frequencies, int sampleRate, int blockSize) {
    this.count = frequencies.length;
    this.blockSize = blockSize;
    this.coefficient = new double[count];
    this.cos = new double[count];
    this.sin = new double[count];
    this.shiftCos = new double[count];
    this.shiftSin = new double[count];
    for (int f = 0; f < count; f++) {
      double w = 2 * Math.PI * frequencies[f] / sampleRate;
      cos[f] = Math.cos(w);
      sin[f] = Math.sin(w);
      coefficient[f] = 2 * cos[f];
      shiftCos[f] = Math.cos(w * blockSize);
      shiftSin[f] = -Math.sin(w * blockSize);
    }
    this.s1 = new double[count];
    this.s2 = new double[count];
    this.previousRe = new double[count];
    this.previousIm = new double[count];
    this.currentRe = new double[count];
    this.currentIm = new double[count];
  }

  /**
   * Feeds samples until the current block is full or the input ends; returns how many it took. When
   * a block completes, {@link #blockDone()} turns true until the next call.
   */
  int feed(short[] samples, int offset, int n) {
    int take = Math.min(n, blockSize - filled);
    completed = false;
    int f = 0;
    // Four frequencies per pass over the samples: four independent recurrences keep the
    // multiplier busy where one would wait on its own previous result.
    for (; f + 4 <= count; f += 4) {
      feedFour(f, samples, offset, take);
    }
    for (; f < count; f++) {
      double c = coefficient[f];
      double a = s1[f];
      double b = s2[f];
      for (int i = 0; i < take; i++) {
        double s = samples[offset + i] + c * a - b;
        b = a;
        a = s;
      }
      s1[f] = a;
      s2[f] = b;
    }
    double energy = 0;
    for (int i = 0; i < take; i++) {
      double x = samples[offset + i];
      energy += x * x;
    }
    blockEnergy += energy;
    filled += take;
    if (filled == blockSize) {
      finishBlock();
    }
    return take;
  }

  private void feedFour(int f, short[] samples, int offset, int take) {
    double c0 = coefficient[f];
    double c1 = coefficient[f + 1];
    double c2 = coefficient[f + 2];
    double c3 = coefficient[f + 3];
    double a0 = s1[f];
    double a1 = s1[f + 1];
    double a2 = s1[f + 2];
    double a3 = s1[f + 3];
    double b0 = s2[f];
    double b1 = s2[f + 1];
    double b2 = s2[f + 2];
    double b3 = s2[f + 3];
    for (int i = 0; i < take; i++) {
      double x = samples[offset + i];
      double n0 = x + c0 * a0 - b0;
      double n1 = x + c1 * a1 - b1;
      double n2 = x + c2 * a2 - b2;
      double n3 = x + c3 * a3 - b3;
      b0 = a0;
      b1 = a1;
      b2 = a2;
      b3 = a3;
      a0 = n0;
      a1 = n1;
      a2 = n2;
      a3 = n3;
    }
    s1[f] = a0;
    s1[f + 1] = a1;
    s1[f + 2] = a2;
    s1[f + 3] = a3;
    s2[f] = b0;
    s2[f + 1] = b1;
    s2[f + 2] = b2;
    s2[f + 3] = b3;
  }

  /** Whether the last {@link #feed} call completed a block. */
  boolean blockDone() {
    return completed;
  }

  /** Energy (squared magnitude) of frequency {@code f} over the last two blocks taken together. */
  double windowEnergy(int f) {
    double re = previousRe[f] + shiftCos[f] * currentRe[f] - shiftSin[f] * currentIm[f];
    double im = previousIm[f] + shiftCos[f] * currentIm[f] + shiftSin[f] * currentRe[f];
    return re * re + im * im;
  }

  /** Energy of frequency {@code f} within the latest block alone. */
  double currentEnergy(int f) {
    return currentRe[f] * currentRe[f] + currentIm[f] * currentIm[f];
  }

  /** Energy of frequency {@code f} within the block before the latest. */
  double previousEnergy(int f) {
    return previousRe[f] * previousRe[f] + previousIm[f] * previousIm[f];
  }

  /** Sum of squared samples over the last two blocks. */
  double windowSignalEnergy() {
    return previousEnergy + currentEnergy;
  }

  /** Samples in the two-block window. */
  int windowLength() {
    return 2 * blockSize;
  }

  /** Forgets all history. */
  void reset() {
    Arrays.fill(s1, 0);
    Arrays.fill(s2, 0);
    Arrays.fill(previousRe, 0);
    Arrays.fill(previousIm, 0);
    Arrays.fill(currentRe, 0);
    Arrays.fill(currentIm, 0);
    previousEnergy = 0;
    currentEnergy = 0;
    blockEnergy = 0;
    filled = 0;
    completed = false;
  }

  private void finishBlock() {
    for (int f = 0; f < count; f++) {
      previousRe[f] = currentRe[f];
      previousIm[f] = currentIm[f];
      // y = s1 - e^(-iw) s2 is the block's DFT at w times e^(iw(N-1)); the factor is the same for
      // every block, so it cancels out of every magnitude taken here.
      currentRe[f] = s1[f] - cos[f] * s2[f];
      currentIm[f] = sin[f] * s2[f];
      s1[f] = 0;
      s2[f] = 0;
    }
    previousEnergy = currentEnergy;
    currentEnergy = blockEnergy;
    blockEnergy = 0;
    filled = 0;
    completed = true;
  }
}
