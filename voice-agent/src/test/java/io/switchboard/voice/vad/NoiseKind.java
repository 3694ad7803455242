package io.switchboard.voice.vad;

import java.util.List;
import java.util.Random;

/** Background noises a caller's line carries, generated the same way on every run. */
enum NoiseKind {
  WHITE,
  PINK,
  BABBLE,
  HUM;

  /** Noise of {@code length} samples at 16 kHz, unit-free (scaled to an SNR by the mixer). */
  double[] generate(int length, List<short[]> babbleTalkers, long seed) {
    Random random = new Random(seed);
    double[] noise = new double[length];
    switch (this) {
      case WHITE -> {
        for (int i = 0; i < length; i++) {
          noise[i] = random.nextGaussian();
        }
      }
      case PINK -> {
        // Paul Kellet's economy filter: white noise through three first-order sections.
        double b0 = 0;
        double b1 = 0;
        double b2 = 0;
        for (int i = 0; i < length; i++) {
          double white = random.nextGaussian();
          b0 = 0.99765 * b0 + white * 0.0990460;
          b1 = 0.96300 * b1 + white * 0.2965164;
          b2 = 0.57000 * b2 + white * 1.0526913;
          noise[i] = b0 + b1 + b2 + white * 0.1848;
        }
      }
      case BABBLE -> {
        // Several other talkers, each looping its own sentences from a different starting point.
        for (int t = 0; t < babbleTalkers.size(); t++) {
          short[] talker = babbleTalkers.get(t);
          int start = random.nextInt(talker.length);
          for (int i = 0; i < length; i++) {
            noise[i] += talker[(start + i) % talker.length];
          }
        }
      }
      case HUM -> {
        // Mains hum at 50 Hz with odd and even harmonics, over a little hiss.
        double phase = random.nextDouble() * 2 * Math.PI;
        for (int i = 0; i < length; i++) {
          double t = i / 16_000.0;
          double hum = 0;
          for (int h = 1; h <= 12; h++) {
            hum += Math.sin(2 * Math.PI * 50 * h * t + phase * h) / h;
          }
          noise[i] = hum + 0.05 * random.nextGaussian();
        }
      }
      default -> throw new IllegalStateException(name());
    }
    return noise;
  }
}
