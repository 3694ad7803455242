package io.switchboard.voice.dtmf;

import static io.switchboard.voice.testing.ToneGenerator.concat;
import static io.switchboard.voice.testing.ToneGenerator.mix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.voice.codec.MuLaw;
import io.switchboard.voice.testing.ToneGenerator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DtmfDetectorTest {

  private static final String KEYS = "123A456B789C*0#D";

  /** Peak amplitude of each of a key's two tones: about -10 dBm0, a typical handset level. */
  private static final double LEVEL = 7000;

  @ParameterizedTest(name = "{0} Hz")
  @DisplayName("All sixteen keys, pressed 50 ms with 60 ms pauses, are heard once each")
  @ValueSource(ints = {8000, 16000})
  void allKeys(int rate) {
    assertThat(detect(rate, keys(rate, KEYS, 50, 60))).isEqualTo(KEYS);
  }

  @Test
  @DisplayName(
      "All sixteen keys are heard after a mu-law round trip, as a phone line delivers them")
  void allKeysThroughMuLaw() {
    short[] signal = keys(8000, KEYS, 50, 60);
    for (int i = 0; i < signal.length; i++) {
      signal[i] = MuLaw.decode(MuLaw.encode(signal[i]));
    }
    assertThat(detect(8000, signal)).isEqualTo(KEYS);
  }

  @ParameterizedTest(name = "{0} Hz")
  @DisplayName("All sixteen keys are heard in white noise 10 dB below the tones")
  @ValueSource(ints = {8000, 16000})
  void allKeysInNoise(int rate) {
    short[] signal = keys(rate, KEYS, 50, 60);
    double toneRms = Math.sqrt(LEVEL * LEVEL); // two sines of peak LEVEL: rms LEVEL
    double noiseRms = toneRms / Math.sqrt(10);
    ToneGenerator gen = new ToneGenerator(rate);
    mix(signal, gen.noise(noiseRms, 1000.0 * signal.length / rate, 99));
    assertThat(detect(rate, signal)).isEqualTo(KEYS);
  }

  @ParameterizedTest(name = "{0} Hz")
  @DisplayName("Silence, white noise, a sweep across the voice band and single tones give no key")
  @ValueSource(ints = {8000, 16000})
  void nothingFromNonKeys(int rate) {
    ToneGenerator gen = new ToneGenerator(rate);
    assertThat(detect(rate, gen.silence(2000))).isEmpty();
    assertThat(detect(rate, gen.noise(LEVEL, 5000, 5))).isEmpty();
    assertThat(detect(rate, gen.noise(300, 5000, 6))).isEmpty();
    assertThat(detect(rate, gen.sweep(300, 3400, 2 * LEVEL, 3000))).isEmpty();
    for (double f : DtmfTones.FREQUENCIES) {
      assertThat(detect(rate, gen.sine(f, 2 * LEVEL, 300))).as("%s Hz alone", f).isEmpty();
    }
    assertThat(detect(rate, gen.dual(1000, LEVEL, 1500, LEVEL, 300))).isEmpty();
    assertThat(detect(rate, gen.dual(697, LEVEL, 1100, LEVEL, 300))).isEmpty();
  }

  @ParameterizedTest(name = "{0} Hz")
  @DisplayName("A 20 ms blip is ignored and a 40 ms press is heard, wherever the frames cut them")
  @ValueSource(ints = {8000, 16000})
  void durationLimits(int rate) {
    ToneGenerator gen = new ToneGenerator(rate);
    for (int shift = 0; shift < 20; shift++) {
      short[] lead = gen.silence(100 + shift);
      short[] blip = concat(lead, gen.dual(852, LEVEL, 1477, LEVEL, 20), gen.silence(100));
      assertThat(detect(rate, blip)).as("20 ms at +%d ms", shift).isEmpty();
      short[] press = concat(lead, gen.dual(852, LEVEL, 1477, LEVEL, 40), gen.silence(100));
      assertThat(detect(rate, press)).as("40 ms at +%d ms", shift).isEqualTo("9");
    }
  }

  @Test
  @DisplayName("A key held for a second is one press, even with a 10 ms drop-out in the middle")
  void heldKeyIsOnePress() {
    ToneGenerator gen = new ToneGenerator(8000);
    assertThat(detect(8000, gen.dual(941, LEVEL, 1336, LEVEL, 1000))).isEqualTo("0");
    short[] crackle =
        concat(
            gen.dual(941, LEVEL, 1336, LEVEL, 505),
            gen.silence(10),
            gen.dual(941, LEVEL, 1336, LEVEL, 505));
    assertThat(detect(8000, crackle)).isEqualTo("0");
  }

  @Test
  @DisplayName("While a key's tones sound the detector says so, and not in silence after them")
  void toneActive() {
    ToneGenerator gen = new ToneGenerator(8000);
    short[] signal = concat(gen.dual(770, LEVEL, 1336, LEVEL, 200), gen.silence(100));
    DtmfDetector detector = new DtmfDetector(8000);
    boolean[] active = new boolean[signal.length / 160];
    for (int frame = 0; frame < active.length; frame++) {
      detector.accept(signal, frame * 160, 160);
      active[frame] = detector.toneActive();
    }
    // 200 ms of tone is frames 0-9; every frame after the first window is heard as tone.
    for (int frame = 1; frame < 10; frame++) {
      assertThat(active[frame]).as("frame %d", frame).isTrue();
    }
    for (int frame = 11; frame < active.length; frame++) {
      assertThat(active[frame]).as("frame %d", frame).isFalse();
    }
  }

  @Test
  @DisplayName(
      "The same key twice with a 60 ms pause is two presses; another key without pause is not")
  void repeatsNeedAPause() {
    assertThat(detect(8000, keys(8000, "55", 80, 60))).isEqualTo("55");
    assertThat(detect(16000, keys(16000, "55", 80, 60))).isEqualTo("55");
    ToneGenerator gen = new ToneGenerator(8000);
    short[] slide =
        concat(gen.dual(770, LEVEL, 1336, LEVEL, 100), gen.dual(852, LEVEL, 1336, LEVEL, 100));
    assertThat(detect(8000, slide)).isEqualTo("5");
  }

  @Test
  @DisplayName(
      "Twist within limits is heard; a row 10 dB over its column or a column 6 dB over is not")
  void twist() {
    ToneGenerator gen = new ToneGenerator(8000);
    double lower6 = LEVEL / 2; // -6 dB
    assertThat(detect(8000, gen.dual(697, LEVEL, 1209, lower6, 100))).isEqualTo("1");
    assertThat(detect(8000, gen.dual(697, LEVEL * 0.7, 1209, LEVEL, 100))).isEqualTo("1");
    assertThat(detect(8000, gen.dual(697, LEVEL, 1209, LEVEL / 3.16, 100))).isEmpty();
    assertThat(detect(8000, gen.dual(697, LEVEL / 2, 1209, LEVEL, 100))).isEmpty();
  }

  @Test
  @DisplayName("Keys off-frequency by 1.5% (allowed by Q.24) are heard; tones too quiet are not")
  void toleranceAndLevel() {
    ToneGenerator gen = new ToneGenerator(8000);
    assertThat(detect(8000, gen.dual(697 * 1.015, LEVEL, 1633 * 0.985, LEVEL, 100))).isEqualTo("A");
    assertThat(detect(8000, gen.dual(941 * 0.985, LEVEL, 1477 * 1.015, LEVEL, 100))).isEqualTo("#");
    assertThat(detect(8000, gen.dual(697, 200, 1209, 200, 100))).isEmpty();
  }

  @Test
  @DisplayName("Frames of any size up to 40 ms give the same keys as 20 ms frames")
  void anyFrameSize() {
    short[] signal = keys(8000, KEYS, 50, 60);
    for (int frame : new int[] {1, 7, 80, 160, 241, 320}) {
      DtmfDetector detector = new DtmfDetector(8000);
      StringBuilder heard = new StringBuilder();
      for (int at = 0; at < signal.length; at += frame) {
        char key = detector.accept(signal, at, Math.min(frame, signal.length - at));
        if (key != 0) {
          heard.append(key);
        }
      }
      assertThat(heard).as("frames of %d", frame).hasToString(KEYS);
    }
  }

  @Test
  @DisplayName("Unsupported rates, frames over 40 ms and ranges outside the frame are refused")
  void refusesWrongInput() {
    assertThatThrownBy(() -> new DtmfDetector(44100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DtmfDetector(0)).isInstanceOf(IllegalArgumentException.class);
    DtmfDetector detector = new DtmfDetector(8000);
    assertThatThrownBy(() -> detector.accept(new short[321], 0, 321))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> detector.accept(new short[160], 1, 160))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> detector.accept(new short[160], 0, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(detector.accept(new short[0], 0, 0)).isEqualTo((char) 0);
  }

  @Test
  @DisplayName("After reset a detector hears a press that was half-way through as new")
  void resetForgets() {
    ToneGenerator gen = new ToneGenerator(8000);
    DtmfDetector detector = new DtmfDetector(8000);
    short[] tone = gen.dual(770, LEVEL, 1209, LEVEL, 100);
    StringBuilder heard = new StringBuilder();
    for (int at = 0; at + 160 <= tone.length; at += 160) {
      char key = detector.accept(tone, at, 160);
      if (key != 0) {
        heard.append(key);
      }
      detector.reset();
    }
    // Reset after every 20 ms frame: no frame alone is long enough to be a press.
    assertThat(heard).isEmpty();
  }

  /** Keys pressed for {@code toneMs} each, with {@code pauseMs} of silence around each. */
  static short[] keys(int rate, String keys, double toneMs, double pauseMs) {
    ToneGenerator gen = new ToneGenerator(rate);
    List<short[]> parts = new ArrayList<>();
    parts.add(gen.silence(pauseMs));
    for (char key : keys.toCharArray()) {
      int index = "123A456B789C*0#D".indexOf(key);
      double row = DtmfTones.FREQUENCIES[index / 4];
      double col = DtmfTones.FREQUENCIES[4 + index % 4];
      parts.add(gen.dual(row, LEVEL, col, LEVEL, toneMs));
      parts.add(gen.silence(pauseMs));
    }
    return concat(parts.toArray(short[][]::new));
  }

  /** Every key a fresh detector hears in {@code signal}, fed in 20 ms frames. */
  static String detect(int rate, short[] signal) {
    DtmfDetector detector = new DtmfDetector(rate);
    int frame = rate / 50;
    StringBuilder heard = new StringBuilder();
    for (int at = 0; at < signal.length; at += frame) {
      char key = detector.accept(signal, at, Math.min(frame, signal.length - at));
      if (key != 0) {
        heard.append(key);
      }
    }
    return heard.toString();
  }
}
