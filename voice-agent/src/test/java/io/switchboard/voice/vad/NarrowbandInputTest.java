package io.switchboard.voice.vad;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.voice.codec.MuLaw;
import io.switchboard.voice.codec.RationalResampler;
import io.switchboard.voice.tts.FreeTtsSpeech;
import io.vertx.core.Vertx;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Telephony frames widened for the detector without a resampling filter")
class NarrowbandInputTest {

  private static final int WIDE = VoiceActivityDetector.FRAME_SAMPLES;
  private static final int NARROW = WIDE / 2;

  @Test
  @DisplayName("Each sample doubled and followed by a zero, clipped at full scale")
  void widens() {
    short[] out = new short[8];
    NarrowbandInput.widen(new short[] {9, 1, -3, 20_000, -20_000, 5}, 1, 4, out);
    assertThat(out).containsExactly(2, 0, -6, 0, 32_767, 0, -32_768, 0);
  }

  @Test
  @DisplayName(
      "The detector decides as it does on properly upsampled audio: speech in noise over a phone line")
  void sameDecisions() throws Exception {
    Vertx vertx = Vertx.vertx();
    short[] speech;
    try {
      FreeTtsSpeech tts = FreeTtsSpeech.start(vertx, 1).await();
      speech =
          tts.synthesize(
                  "test",
                  "I need help with my account. The package never arrived, and my bill is wrong.")
              .await()
              .pcm();
      tts.close();
    } finally {
      vertx.close().await();
    }
    // A second of quiet before and after, white noise 10 dB under the speech, then a phone line.
    short[] track = new short[speech.length + 32_000];
    System.arraycopy(speech, 0, track, 16_000, speech.length);
    double speechRms = rms(speech);
    Random random = new Random(7);
    for (int i = 0; i < track.length; i++) {
      double noisy = track[i] + random.nextGaussian() * speechRms / Math.sqrt(10);
      track[i] = (short) Math.max(-32_768, Math.min(32_767, Math.round(noisy)));
    }
    short[] line = RationalResampler.resample(track, 16_000, 8_000);
    byte[] mulaw = new byte[line.length];
    MuLaw.encode(line, 0, mulaw, 0, line.length);
    MuLaw.decode(mulaw, 0, line, 0, line.length);
    short[] upsampled = RationalResampler.resample(line, 8_000, 16_000);

    SpectralVad filtered = new SpectralVad();
    SpectralVad widened = new SpectralVad();
    short[] frame = new short[WIDE];
    int frames = line.length / NARROW;
    int agree = 0;
    int speechFrames = 0;
    for (int f = 0; f < frames; f++) {
      boolean a = filtered.isSpeech(upsampled, f * WIDE);
      NarrowbandInput.widen(line, f * NARROW, NARROW, frame);
      boolean b = widened.isSpeech(frame, 0);
      agree += a == b ? 1 : 0;
      speechFrames += a ? 1 : 0;
    }
    assertThat(speechFrames).isGreaterThan(frames / 4);
    assertThat((double) agree / frames).isGreaterThanOrEqualTo(0.97);
  }

  private static double rms(short[] pcm) {
    double sum = 0;
    for (short s : pcm) {
      sum += (double) s * s;
    }
    return Math.sqrt(sum / pcm.length);
  }
}
