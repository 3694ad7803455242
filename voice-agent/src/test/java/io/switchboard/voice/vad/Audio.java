package io.switchboard.voice.vad;

/** Audio transformations the quality test needs. */
final class Audio {

  private Audio() {}

  /**
   * Plays {@code pcm} {@code factor} times faster by linear interpolation, raising its pitch by the
   * same factor: one synthetic voice becomes several talkers.
   */
  static short[] stretch(short[] pcm, double factor) {
    int length = (int) (pcm.length / factor);
    short[] out = new short[length];
    for (int i = 0; i < length; i++) {
      double at = i * factor;
      int left = (int) at;
      int right = Math.min(left + 1, pcm.length - 1);
      double frac = at - left;
      out[i] = (short) Math.round(pcm[left] * (1 - frac) + pcm[right] * frac);
    }
    return out;
  }
}
