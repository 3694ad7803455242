package io.switchboard.voice.dtmf;

import static io.switchboard.voice.dtmf.DtmfDetectorTest.detect;
import static io.switchboard.voice.testing.ToneGenerator.rms;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.voice.codec.Downsampler;
import io.switchboard.voice.codec.MuLaw;
import io.switchboard.voice.testing.FreeTtsSpeech;
import io.switchboard.voice.testing.ToneGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DtmfInSpeechTest {

  private static final String SENTENCE =
      "Thank you for calling. Please say or key in your account number, "
          + "then press the pound key. For billing, press one; for support, press two.";

  private static short[] speech;

  @BeforeAll
  static void synthesise() {
    speech = FreeTtsSpeech.speak(SENTENCE);
  }

  @Test
  @DisplayName("A spoken sentence at 16 kHz is not mistaken for key presses")
  void noKeysInSpeech() {
    assertThat(speech.length).isGreaterThan(16000 * 3);
    assertThat(rms(speech, 0, speech.length)).isGreaterThan(500);
    assertThat(detect(16000, speech)).isEmpty();
  }

  @Test
  @DisplayName("The same sentence over a phone line (8 kHz mu-law) is not mistaken for key presses")
  void noKeysInTelephoneSpeech() {
    assertThat(detect(8000, telephone(speech))).isEmpty();
  }

  @Test
  @DisplayName("Keys pressed while the caller is talking are heard")
  void keysOverSpeech() {
    short[] mixed = speech.clone();
    short[] keys = DtmfDetectorTest.keys(16000, "1590#", 80, 400);
    // Spread the presses across the sentence.
    ToneGenerator.mix(mixed, ToneGenerator.concat(new ToneGenerator(16000).silence(500), keys));
    assertThat(detect(16000, mixed)).isEqualTo("1590#");
    assertThat(detect(8000, telephone(mixed))).isEqualTo("1590#");
  }

  private static short[] telephone(short[] wideband) {
    Downsampler downsampler = new Downsampler();
    short[] narrow = new short[wideband.length / 2 + 1];
    int n = downsampler.process(wideband, 0, wideband.length, narrow, 0);
    for (int i = 0; i < n; i++) {
      narrow[i] = MuLaw.decode(MuLaw.encode(narrow[i]));
    }
    return java.util.Arrays.copyOf(narrow, n);
  }
}
