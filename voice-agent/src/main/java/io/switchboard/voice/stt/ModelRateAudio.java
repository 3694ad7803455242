package io.switchboard.voice.stt;

import io.switchboard.voice.codec.Upsampler;
import java.util.Arrays;

/**
 * Brings one utterance's audio to the acoustic model's 16 kHz: browser audio as it is, telephony
 * audio upsampled (measured better than a narrowband front end on the wideband model, see
 * docs/benchmarks.md); stateful across frames, one per utterance.
 */
final class ModelRateAudio {

  /** Rate of telephony audio. */
  static final int TELEPHONY_RATE = 8_000;

  private final Upsampler upsampler;

  private ModelRateAudio(Upsampler upsampler) {
    this.upsampler = upsampler;
  }

  /** For audio at {@code sampleRate}; only 8 and 16 kHz are spoken on calls. */
  static ModelRateAudio from(int sampleRate) {
    if (sampleRate == PocketSphinxModel.MODEL_SAMPLE_RATE) {
      return new ModelRateAudio(null);
    }
    if (sampleRate == TELEPHONY_RATE) {
      return new ModelRateAudio(new Upsampler());
    }
    throw new IllegalArgumentException(
        "sample rate " + sampleRate + " Hz: speech-to-text takes 8000 or 16000");
  }

  /** The samples at 16 kHz; {@code samples} may be returned as is. */
  short[] toModelRate(short[] samples) {
    if (upsampler == null) {
      return samples;
    }
    short[] out = new short[samples.length * 2 + 2];
    int written = upsampler.process(samples, 0, samples.length, out, 0);
    return written == out.length ? out : Arrays.copyOf(out, written);
  }
}
