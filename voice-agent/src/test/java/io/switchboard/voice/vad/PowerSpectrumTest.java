package io.switchboard.voice.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Power spectrum of a frame")
class PowerSpectrumTest {

  private static final int FRAME = 320;
  private static final int SIZE = 512;

  /** The definition, bin by bin: what the FFT must agree with. */
  private static double[] naive(short[] pcm, int offset) {
    double[] power = new double[SIZE / 2 + 1];
    for (int k = 0; k <= SIZE / 2; k++) {
      double re = 0;
      double im = 0;
      for (int n = 0; n < FRAME; n++) {
        double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / (FRAME - 1));
        double x = pcm[offset + n] * w;
        re += x * Math.cos(2 * Math.PI * k * n / SIZE);
        im -= x * Math.sin(2 * Math.PI * k * n / SIZE);
      }
      power[k] = re * re + im * im;
    }
    return power;
  }

  @Test
  @DisplayName("every bin matches the discrete Fourier transform's definition")
  void matchesDefinition() {
    Random random = new Random(7);
    short[] pcm = new short[FRAME + 17];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) random.nextInt(-20_000, 20_000);
    }

    double[] fast = new PowerSpectrum(FRAME, SIZE).of(pcm, 17);
    double[] slow = naive(pcm, 17);

    for (int k = 0; k <= SIZE / 2; k++) {
      assertThat(fast[k]).as("bin " + k).isCloseTo(slow[k], within(1e-6 * (1 + slow[k])));
    }
  }

  @Test
  @DisplayName("a 1 kHz tone peaks in the bin of 1 kHz")
  void tonePeaksInItsBin() {
    short[] pcm = new short[FRAME];
    for (int i = 0; i < FRAME; i++) {
      pcm[i] = (short) Math.round(10_000 * Math.sin(2 * Math.PI * 1_000 * i / 16_000.0));
    }
    PowerSpectrum spectrum = new PowerSpectrum(FRAME, SIZE);

    double[] power = spectrum.of(pcm, 0);

    int peak = 0;
    for (int k = 1; k < power.length; k++) {
      peak = power[k] > power[peak] ? k : peak;
    }
    assertThat(peak * spectrum.binHz(16_000)).isCloseTo(1_000, within(16.0));
  }

  @Test
  @DisplayName("a size that is not a power of two, or shorter than the frame, is refused")
  void badSizeRefused() {
    assertThatThrownBy(() -> new PowerSpectrum(FRAME, 500))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PowerSpectrum(FRAME, 256))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
