package io.switchboard.voice.stt;

import io.switchboard.voice.codec.Upsampler;
import java.util.Arrays;

/**
 * Brings one utterance's audio to the acoustic model's 16 kHz: browser audio as it is, telephony
 * audio upsampled and normalised from a phone line's cepstral mean (measured far better than a
 * narrowband front end on the wideband model, see docs/benchmarks.md); stateful across frames, one
 * per utterance.
 */
final class ModelRateAudio {

  /** Rate of telephony audio. */
  static final int TELEPHONY_RATE = 8_000;

  /**
   * The cepstral mean of 8 kHz mu-law speech upsampled to 16 kHz, where each telephony utterance
   * starts its live normalisation. The model's own initial mean is that of wideband speech; started
   * from it, a phone line's missing upper band throws the first seconds off so badly that "go
   * forward ten meters" is heard as nothing useful. Measured as the fixed point of the decoder's
   * own live mean over the pocketsphinx-testdata recordings sent through a simulated phone line
   * (docs/benchmarks.md, "Speech-to-text word accuracy").
   */
  static final float[] NARROWBAND_MEAN = {
    45.42f, 32.32f, -39.55f, 41.24f, -20.80f, -8.64f, 19.55f, -32.21f, 16.24f, -4.47f, -8.54f,
    13.72f, -13.25f
  };

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

  /**
   * The cepstral mean an utterance from this kind of line starts from; null for the model's own
   * (wideband speech).
   */
  float[] channelMean() {
    return upsampler == null ? null : NARROWBAND_MEAN.clone();
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
