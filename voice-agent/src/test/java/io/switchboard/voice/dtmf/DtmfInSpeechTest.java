package io.switchboard.voice.dtmf;

import static io.switchboard.voice.dtmf.DtmfDetectorTest.detect;
import static io.switchboard.voice.testing.ToneGenerator.rms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.voice.codec.Downsampler;
import io.switchboard.voice.codec.MuLaw;
import io.switchboard.voice.codec.Pcm16;
import io.switchboard.voice.testing.ToneGenerator;
import io.switchboard.voice.tts.FreeTtsSpeech;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DtmfInSpeechTest {

  private static final String SENTENCE =
      "Thank you for calling. Please say or key in your account number, "
          + "then press the pound key. For billing, press one; for support, press two.";

  /** Real voices, 16 kHz 16-bit little-endian mono, from Debian's pocketsphinx-testdata. */
  private static final Path HUMAN_SPEECH = Path.of("/usr/share/pocketsphinx/test/data");

  /** Those WAV files have the canonical 44-byte header. */
  private static final int WAV_HEADER = 44;

  private static short[] speech;

  @BeforeAll
  static void synthesise() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      FreeTtsSpeech tts = FreeTtsSpeech.start(vertx, 1).await();
      speech = tts.synthesize("test", SENTENCE).await().pcm();
      tts.close();
    } finally {
      vertx.close().await();
    }
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

  @ParameterizedTest(name = "{0}")
  @DisplayName("Recorded human speech (PocketSphinx test data) is not mistaken for key presses")
  @ValueSource(
      strings = {
        "goforward.raw",
        "numbers.raw",
        "something.raw",
        "librivox/sense_and_sensibility_01_austen_64kb-0870.wav",
        "librivox/sense_and_sensibility_01_austen_64kb-0880.wav",
        "librivox/sense_and_sensibility_01_austen_64kb-0890.wav"
      })
  void noKeysInHumanSpeech(String file) throws IOException {
    Path path = HUMAN_SPEECH.resolve(file);
    assumeTrue(Files.exists(path), "Debian's pocketsphinx-testdata is not installed");
    byte[] bytes = Files.readAllBytes(path);
    int start = file.endsWith(".wav") ? WAV_HEADER : 0;
    short[] voice = new short[(bytes.length - start) / 2];
    Pcm16.toSamples(bytes, start, voice, 0, voice.length);
    assertThat(rms(voice, 0, voice.length)).isGreaterThan(100);
    assertThat(detect(16000, voice)).isEmpty();
    assertThat(detect(8000, telephone(voice))).isEmpty();
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
