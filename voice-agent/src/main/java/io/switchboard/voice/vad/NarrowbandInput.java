package io.switchboard.voice.vad;

/**
 * Hands an 8 kHz telephony frame to the 16 kHz detector without a resampling filter: each sample
 * doubled in level and followed by a zero. That puts the frame's whole 0–4 kHz spectrum unchanged
 * under 4 kHz and a mirror image above it, which the detector never looks at (it reads 300–3400 Hz
 * only). A proper low-pass interpolator costs about ten times the detector itself per frame, and a
 * node runs this for every frame of every call.
 */
public final class NarrowbandInput {

  private NarrowbandInput() {}

  /**
   * Widens {@code n} samples of 8 kHz audio from {@code in} into {@code 2n} samples of {@code out}
   * at 16 kHz, for {@link SpectralVad} only.
   */
  public static void widen(short[] in, int offset, int n, short[] out) {
    for (int i = 0; i < n; i++) {
      int doubled = 2 * in[offset + i];
      out[2 * i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, doubled));
      out[2 * i + 1] = 0;
    }
  }
}
