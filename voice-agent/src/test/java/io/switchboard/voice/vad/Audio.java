package io.switchboard.voice.vad;

import io.switchboard.voice.codec.MuLaw;
import io.switchboard.voice.codec.RationalResampler;
import java.util.Arrays;

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

  /**
   * What a phone line does to 16 kHz audio: down to 8 kHz (nothing above 4 kHz survives), through
   * G.711 mu-law and back, up to 16 kHz again.
   */
  static short[] throughTelephony(short[] pcm) {
    short[] narrow = RationalResampler.resample(pcm, 16_000, 8_000);
    byte[] mulaw = new byte[narrow.length];
    MuLaw.encode(narrow, 0, mulaw, 0, narrow.length);
    MuLaw.decode(mulaw, 0, narrow, 0, narrow.length);
    short[] wide = RationalResampler.resample(narrow, 8_000, 16_000);
    return Arrays.copyOf(wide, pcm.length);
  }
}
