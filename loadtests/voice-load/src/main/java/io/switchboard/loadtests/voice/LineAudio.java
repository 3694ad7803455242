package io.switchboard.loadtests.voice;

import io.switchboard.voice.codec.Downsampler;
import io.switchboard.voice.codec.MuLaw;
import io.switchboard.voice.tts.FreeTtsSpeech;
import io.switchboard.voice.tts.Speech;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * What the simulated callers say, made once: sentences spoken by FreeTTS (kevin16), resampled to 8
 * kHz and mu-law encoded as a phone line carries them, cut into 20 ms media payloads in base64.
 */
public final class LineAudio {

  /** G.711 bytes in one 20 ms frame at 8 kHz. */
  public static final int FRAME_BYTES = 160;

  /** Sentences the callers say; long enough for the VAD to open and close a turn each time. */
  public static final List<String> SENTENCES =
      List.of(
          "Hello, I would like to check the status of my order please.",
          "My parcel was supposed to arrive on Tuesday but it never came.",
          "Can somebody call me back this afternoon about the invoice?");

  /** Silence after each sentence in the capacity loop: longer than the VAD's hangover. */
  public static final int GAP_FRAMES = 60;

  /** Mu-law's code for a zero sample. */
  private static final byte MU_LAW_SILENCE = (byte) 0xFF;

  private final List<String[]> sentences;
  private final String silence;
  private final String[] loop;

  private LineAudio(List<String[]> sentences) {
    this.sentences = List.copyOf(sentences);
    byte[] quiet = new byte[FRAME_BYTES];
    Arrays.fill(quiet, MU_LAW_SILENCE);
    this.silence = Base64.getEncoder().encodeToString(quiet);
    List<String> frames = new ArrayList<>();
    for (String[] sentence : sentences) {
      frames.addAll(Arrays.asList(sentence));
      for (int i = 0; i < GAP_FRAMES; i++) {
        frames.add(silence);
      }
    }
    this.loop = frames.toArray(String[]::new);
  }

  /** Synthesises {@link #SENTENCES} on a worker (about a second, once per process). */
  public static Future<LineAudio> speak(Vertx vertx) {
    return FreeTtsSpeech.start(vertx, 1)
        .compose(
            tts ->
                Future.all(SENTENCES.stream().map(s -> tts.synthesize("load", s)).toList())
                    .map(all -> fromSpeech(all.<Speech>list()))
                    .andThen(done -> tts.close()));
  }

  /** Audio from speech already synthesised at 16 kHz. */
  static LineAudio fromSpeech(List<Speech> spoken) {
    List<String[]> sentences = new ArrayList<>();
    for (Speech speech : spoken) {
      sentences.add(payloads(speech.pcm()));
    }
    return new LineAudio(sentences);
  }

  private static String[] payloads(short[] pcm16k) {
    short[] pcm8k = new short[pcm16k.length / 2 + FRAME_BYTES];
    int n = new Downsampler().process(pcm16k, 0, pcm16k.length, pcm8k, 0);
    int frames = (n + FRAME_BYTES - 1) / FRAME_BYTES;
    byte[] g711 = new byte[frames * FRAME_BYTES];
    Arrays.fill(g711, MU_LAW_SILENCE);
    MuLaw.encode(pcm8k, 0, g711, 0, n);
    String[] out = new String[frames];
    Base64.Encoder base64 = Base64.getEncoder();
    for (int i = 0; i < frames; i++) {
      out[i] =
          base64.encodeToString(Arrays.copyOfRange(g711, i * FRAME_BYTES, (i + 1) * FRAME_BYTES));
    }
    return out;
  }

  /** Frame {@code n} of the endless loop of sentences and silences. */
  public String loopFrame(long n) {
    return loop[(int) (n % loop.length)];
  }

  /** Frames in one pass of the loop. */
  public int loopLength() {
    return loop.length;
  }

  /** The 20 ms payloads of sentence {@code i} (modulo the number of sentences). */
  public String[] sentence(int i) {
    return sentences.get(Math.floorMod(i, sentences.size()));
  }

  /** A 20 ms payload of line silence. */
  public String silence() {
    return silence;
  }
}
