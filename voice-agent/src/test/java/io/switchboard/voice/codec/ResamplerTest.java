package io.switchboard.voice.codec;

import static io.switchboard.voice.testing.ToneGenerator.amplitudeAt;
import static io.switchboard.voice.testing.ToneGenerator.db;
import static io.switchboard.voice.testing.ToneGenerator.residualRms;
import static io.switchboard.voice.testing.ToneGenerator.rms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.voice.testing.ToneGenerator;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

  private static final double AMPLITUDE = 16_000;

  /** Skip the filter's start-up transient (well over its delay) before measuring. */
  private static final int SETTLE = 400;

  @Test
  @DisplayName("A 1 kHz tone keeps its level and pitch through 8 kHz -> 16 kHz -> 8 kHz")
  void sineSurvivesUpAndDown() {
    short[] in = new ToneGenerator(8000).sine(1000, AMPLITUDE, 500);
    short[] up = framewise(new Upsampler()::process, in, Upsampler.FRAME_IN, 2);
    short[] down = framewise(new Downsampler()::process, up, Downsampler.FRAME_IN, 0.5);
    assertThat(up).hasSize(2 * in.length);
    assertThat(down).hasSize(in.length);

    assertThat(db(amplitudeAt(up, SETTLE, up.length, 1000, 16000), AMPLITUDE))
        .isCloseTo(0, within(0.5));
    assertThat(db(residualRms(up, SETTLE, up.length, 1000, 16000), AMPLITUDE)).isLessThan(-40);
    assertThat(db(amplitudeAt(down, SETTLE, down.length, 1000, 8000), AMPLITUDE))
        .isCloseTo(0, within(0.5));
    assertThat(db(residualRms(down, SETTLE, down.length, 1000, 8000), AMPLITUDE)).isLessThan(-40);
  }

  @Test
  @DisplayName("Down-sampling to 8 kHz removes a 6 kHz tone instead of aliasing it to 2 kHz")
  void downsamplingDoesNotAlias() {
    short[] in = new ToneGenerator(16000).sine(6000, AMPLITUDE, 500);
    short[] out = framewise(new Downsampler()::process, in, Downsampler.FRAME_IN, 0.5);
    double level = db(rms(out, SETTLE, out.length), rms(in, SETTLE, in.length));
    assertThat(level).isLessThan(-40);
  }

  @ParameterizedTest(name = "{0} Hz tone, image at {1} Hz")
  @DisplayName("Up-sampling to 16 kHz leaves the mirror images above 4 kHz at least 40 dB down")
  @CsvSource({"1000, 7000", "3000, 5000", "300, 7700"})
  void upsamplingSuppressesImages(int tone, int image) {
    short[] in = new ToneGenerator(8000).sine(tone, AMPLITUDE, 500);
    short[] out = framewise(new Upsampler()::process, in, Upsampler.FRAME_IN, 2);
    double wanted = amplitudeAt(out, SETTLE, out.length, tone, 16000);
    double mirror = amplitudeAt(out, SETTLE, out.length, image, 16000);
    assertThat(db(wanted, AMPLITUDE)).isCloseTo(0, within(0.5));
    assertThat(db(mirror, wanted)).isLessThan(-40);
  }

  @ParameterizedTest(name = "{0} Hz -> {1} Hz")
  @DisplayName(
      "Frame by frame gives exactly the samples of one whole-signal call, whatever the cut")
  @CsvSource({"8000, 16000", "16000, 8000", "24000, 16000", "22050, 16000", "16000, 24000"})
  void framesChangeNothing(int inRate, int outRate) {
    Random random = new Random(7);
    short[] in = new ToneGenerator(inRate).noise(4000, 300, 11);
    RationalResampler whole = new RationalResampler(inRate, outRate);
    short[] expected = new short[whole.maxOutput(in.length)];
    int expectedCount = whole.process(in, 0, in.length, expected, 0);

    RationalResampler pieces = new RationalResampler(inRate, outRate);
    short[] actual = new short[expected.length];
    int written = 0;
    for (int at = 0; at < in.length; ) {
      int n = Math.min(in.length - at, random.nextInt(400));
      written += pieces.process(in, at, n, actual, written);
      at += n;
    }
    assertThat(written).isEqualTo(expectedCount);
    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} Hz -> 16 kHz")
  @DisplayName("Text-to-speech rates (24 kHz, 22.05 kHz) convert to 16 kHz keeping a 1 kHz tone")
  @CsvSource({"24000", "22050", "44100", "48000"})
  void ttsRatesKeepTone(int inRate) {
    short[] in = new ToneGenerator(inRate).sine(1000, AMPLITUDE, 500);
    short[] out = RationalResampler.resample(in, inRate, 16000);
    assertThat(out).hasSize((int) Math.round(in.length * 16000.0 / inRate));
    int end = out.length - SETTLE;
    assertThat(db(amplitudeAt(out, SETTLE, end, 1000, 16000), AMPLITUDE)).isCloseTo(0, within(0.5));
    assertThat(db(residualRms(out, SETTLE, end, 1000, 16000), AMPLITUDE)).isLessThan(-40);
  }

  @Test
  @DisplayName("The one-shot call lines its output up with its input: no added delay")
  void oneShotIsAligned() {
    short[] in = new ToneGenerator(24000).sine(440, AMPLITUDE, 200);
    short[] out = RationalResampler.resample(in, 24000, 16000);
    short[] reference = new ToneGenerator(16000).sine(440, AMPLITUDE, 200);
    // Away from the edges, the output is the same tone sampled at the new rate.
    for (int i = SETTLE; i < out.length - SETTLE; i++) {
      assertThat((double) out[i]).as("sample %d", i).isCloseTo(reference[i], within(60.0));
    }
  }

  @Test
  @DisplayName("A frame lag of the streaming resamplers is reported and small (about 2 ms)")
  void delayIsSmall() {
    assertThat(new Upsampler().delay()).isBetween(1, 48);
    assertThat(new Downsampler().delay()).isBetween(1, 24);
  }

  @Test
  @DisplayName("Rates out of range, missing input and too little output room are refused")
  void refusesWrongInput() {
    assertThatThrownBy(() -> new RationalResampler(0, 16000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RationalResampler(8000, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RationalResampler(8000, RationalResampler.MAX_RATE + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RationalResampler.resample(null, 8000, 16000))
        .isInstanceOf(NullPointerException.class);
    Upsampler up = new Upsampler();
    assertThatThrownBy(() -> up.process(new short[160], 0, 160, new short[319], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> up.process(new short[160], 10, 160, new short[320], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    Downsampler down = new Downsampler();
    assertThatThrownBy(() -> down.process(new short[320], 0, 320, new short[160], 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  @DisplayName("After reset a resampler repeats exactly what a new one gives")
  void resetForgets() {
    short[] in = new ToneGenerator(8000).noise(3000, 40, 3);
    Upsampler up = new Upsampler();
    short[] first = new short[640];
    up.process(in, 0, 320, first, 0);
    up.reset();
    short[] second = new short[640];
    up.process(in, 0, 320, second, 0);
    assertThat(second).isEqualTo(first);
  }

  private interface Process {
    int process(short[] in, int inOff, int n, short[] out, int outOff);
  }

  private static short[] framewise(Process process, short[] in, int frame, double ratio) {
    short[] out = new short[(int) Math.ceil(in.length * ratio) + 2];
    int written = 0;
    for (int at = 0; at + frame <= in.length; at += frame) {
      written += process.process(in, at, frame, out, written);
    }
    return java.util.Arrays.copyOf(out, written);
  }
}
