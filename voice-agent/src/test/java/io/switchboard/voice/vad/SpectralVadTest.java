package io.switchboard.voice.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Spectral voice-activity detector")
class SpectralVadTest {

  private static final int FRAME = VoiceActivityDetector.FRAME_SAMPLES;

  private final SpectralVad vad = new SpectralVad();

  /** Frames of steady white noise at {@code rms}. */
  private static short[] noise(int frames, double rms, long seed) {
    Random random = new Random(seed);
    short[] pcm = new short[frames * FRAME];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) Math.round(random.nextGaussian() * rms);
    }
    return pcm;
  }

  /** A vowel-like sound: a 140 Hz pulse train through formant-like harmonics weights. */
  private static short[] vowel(int frames, double amplitude) {
    short[] pcm = new short[frames * FRAME];
    for (int i = 0; i < pcm.length; i++) {
      double t = i / 16_000.0;
      double v = 0;
      for (int h = 1; h * 140 < 3_400; h++) {
        double f = h * 140.0;
        double formants =
            1 / (1 + Math.pow((f - 700) / 150, 2)) + 0.7 / (1 + Math.pow((f - 1_200) / 200, 2));
        v += formants * Math.sin(2 * Math.PI * f * t);
      }
      pcm[i] = (short) Math.round(v * amplitude);
    }
    return pcm;
  }

  private int speechFrames(short[] pcm) {
    int count = 0;
    for (int f = 0; f < pcm.length / FRAME; f++) {
      count += vad.isSpeech(pcm, f * FRAME) ? 1 : 0;
    }
    return count;
  }

  private static short[] add(short[] a, short[] b) {
    short[] sum = new short[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = (short) Math.max(-32768, Math.min(32767, a[i] + b[i]));
    }
    return sum;
  }

  @Test
  @DisplayName("digital silence is never speech")
  void silenceIsNotSpeech() {
    assertThat(speechFrames(new short[100 * FRAME])).isZero();
  }

  @Test
  @DisplayName("steady noise is learnt as the floor and is not speech")
  void steadyNoiseIsNotSpeech() {
    short[] pcm = noise(500, 1_000, 1);
    speechFrames(Arrays.copyOf(pcm, 100 * FRAME));

    assertThat(speechFrames(Arrays.copyOfRange(pcm, 100 * FRAME, pcm.length))).isLessThan(8);
  }

  @Test
  @DisplayName("a voiced sound 10 dB over white noise is speech")
  void vowelOverNoiseIsSpeech() {
    speechFrames(noise(100, 300, 2));

    short[] vowel = vowel(50, 300);
    assertThat(speechFrames(add(vowel, noise(50, 300, 3)))).isGreaterThan(45);
  }

  @Test
  @DisplayName(
      "a voiced sound with nothing above 3.4 kHz, like telephony audio, is speech after silence")
  void narrowbandVowelIsSpeech() {
    speechFrames(new short[50 * FRAME]);

    assertThat(speechFrames(vowel(50, 200))).isGreaterThan(45);
  }

  @Test
  @DisplayName("a frame past the end of the array is refused, naming the offset")
  void frameOutsideArrayRefused() {
    short[] pcm = new short[FRAME + 10];

    assertThatThrownBy(() -> vad.isSpeech(pcm, 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("11");
    assertThatThrownBy(() -> vad.isSpeech(pcm, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(vad.isSpeech(pcm, 10)).isFalse();
  }

  @Test
  @DisplayName("after reset a call's loud noise is learnt again rather than compared to old quiet")
  void resetForgetsFloor() {
    speechFrames(noise(100, 30, 4));
    vad.reset();

    short[] loud = noise(300, 3_000, 5);
    speechFrames(Arrays.copyOf(loud, 10 * FRAME));
    assertThat(speechFrames(Arrays.copyOfRange(loud, 50 * FRAME, loud.length))).isLessThan(8);
  }
}
