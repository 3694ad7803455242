package io.switchboard.voice.stt;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.voice.stt.Recordings.Recording;
import io.switchboard.voice.tts.FreeTtsSpeech;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Word accuracy of the embedded engine on real human recordings and on FreeTTS speech, at 16 kHz
 * and over a simulated phone line, with open vocabulary and with phrases; the table it prints is
 * the one in docs/benchmarks.md, and the floors sit slightly under what was measured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Speech-to-text word accuracy")
class SpeechAccuracyTest {

  private static final List<String> MENU =
      List.of(
          "agent",
          "cancel",
          "billing",
          "sales",
          "one",
          "two",
          "talk to an agent",
          "cancel my order",
          "go forward ten meters",
          "go back ten meters");

  private static final List<String> CARD_PHRASES =
      List.of(
          "ten of clubs",
          "four queen of clubs",
          "seven of clubs",
          "five five",
          "eight of spades four of clubs seven of hearts",
          "ten of hearts",
          "four of spades",
          "seven of diamonds",
          "ace of clubs",
          "king of hearts",
          "five six");

  private static final List<String> SENTENCES =
      List.of(
          "i would like to talk to an agent",
          "please cancel my order",
          "my bill is wrong this month",
          "i need help with my account",
          "can you tell me the opening hours",
          "i want to speak to someone in sales",
          "the package never arrived",
          "thank you very much");

  private Vertx vertx;
  private PocketSphinxSpeechToText engine;
  private FreeTtsSpeech tts;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    engine =
        PocketSphinxSpeechToText.start(
                vertx,
                PocketSphinxLibrary.load(PocketSphinxLibrary.DEFAULT_NAME),
                PocketSphinxModel.in(Recordings.MODEL_DIR),
                2)
            .await(60, TimeUnit.SECONDS);
    tts = FreeTtsSpeech.start(vertx, 1).await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    engine.close();
    tts.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Word error rates of one corpus in the four conditions; NaN where not measured. */
  record Row(
      String corpus,
      long words,
      double wide,
      double phone,
      double widePhrases,
      double phonePhrases) {}

  @Test
  @DisplayName("Real voices and FreeTTS speech are transcribed within the measured word errors")
  void wordAccuracy() throws Exception {
    List<Recording> synthesised = synthesise(SENTENCES);
    List<Recording> menu = synthesise(MENU);
    List<Row> rows =
        List.of(
            measure("human: goforward.raw", List.of(Recordings.goForward()), MENU),
            measure("human: cards/*.wav", Recordings.cards(), CARD_PHRASES),
            measure("human: librivox/*.wav", Recordings.librivox(), List.of()),
            measure("FreeTTS kevin16: sentences", synthesised, List.of()),
            measure("FreeTTS kevin16: menu phrases", menu, MENU));
    print(rows);

    // Ceilings a little over the word error rates measured on 2026-12-03 (docs/benchmarks.md).
    Row goForward = rows.get(0);
    assertThat(goForward.wide()).isZero();
    assertThat(goForward.phone()).isZero();
    assertThat(goForward.widePhrases()).isZero();
    assertThat(goForward.phonePhrases()).isZero();
    Row cards = rows.get(1);
    assertThat(cards.wide()).isLessThanOrEqualTo(0.48);
    assertThat(cards.phone()).isLessThanOrEqualTo(0.80);
    assertThat(cards.widePhrases()).isZero();
    assertThat(cards.phonePhrases()).isZero();
    Row librivox = rows.get(2);
    assertThat(librivox.wide()).isLessThanOrEqualTo(0.36);
    assertThat(librivox.phone()).isLessThanOrEqualTo(0.45);
    Row sentences = rows.get(3);
    assertThat(sentences.wide()).isLessThanOrEqualTo(0.15);
    assertThat(sentences.phone()).isLessThanOrEqualTo(0.26);
    Row menuRow = rows.get(4);
    assertThat(menuRow.widePhrases()).isZero();
    assertThat(menuRow.phonePhrases()).isZero();
  }

  private Row measure(String corpus, List<Recording> recordings, List<String> phrases)
      throws Exception {
    long words = recordings.stream().mapToLong(r -> r.words().split(" ").length).sum();
    return new Row(
        corpus,
        words,
        wer(corpus + " 16k", recordings, 16_000, List.of()),
        wer(corpus + " 8k", recordings, 8_000, List.of()),
        phrases.isEmpty() ? Double.NaN : wer(corpus + " 16k+phrases", recordings, 16_000, phrases),
        phrases.isEmpty() ? Double.NaN : wer(corpus + " 8k+phrases", recordings, 8_000, phrases));
  }

  private double wer(String label, List<Recording> recordings, int rate, List<String> phrases)
      throws Exception {
    List<Future<Transcript>> heard = new ArrayList<>();
    for (Recording r : recordings) {
      short[] pcm = rate == 16_000 ? r.pcm16k() : Telephony.overPhoneLine(r.pcm16k());
      heard.add(Feeding.all(engine, new UtteranceRequest("tenant-a", rate, phrases), pcm));
    }
    Future.all(heard).await(5, TimeUnit.MINUTES);
    WordErrorRate wer = new WordErrorRate();
    for (int i = 0; i < recordings.size(); i++) {
      String said = recordings.get(i).words();
      String got = heard.get(i).result().text();
      int errors = wer.add(said, got);
      if (errors > 0) {
        System.out.printf("  %-40s said \"%s\" heard \"%s\"%n", label, said, got);
      }
    }
    return wer.rate();
  }

  private List<Recording> synthesise(List<String> texts) throws Exception {
    List<Recording> out = new ArrayList<>();
    for (String text : texts) {
      short[] pcm = tts.synthesize("tenant-a", text).await(60, TimeUnit.SECONDS).pcm();
      out.add(new Recording("freetts", pcm, text));
    }
    return out;
  }

  private static void print(List<Row> rows) {
    System.out.println();
    System.out.println(
        "| corpus | words | 16 kHz open | 8 kHz mu-law open | 16 kHz phrases | 8 kHz mu-law"
            + " phrases |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      System.out.printf(
          "| %s | %d | %s | %s | %s | %s |%n",
          r.corpus(),
          r.words(),
          percent(r.wide()),
          percent(r.phone()),
          percent(r.widePhrases()),
          percent(r.phonePhrases()));
    }
  }

  private static String percent(double rate) {
    return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  @Test
  @DisplayName("Audio fed in real time is decoded as it comes, leaving only the tail at finish")
  void pacedDecoding() throws Exception {
    for (Recording r : List.of(Recordings.goForward(), Recordings.librivox().get(0))) {
      long started = System.nanoTime();
      Transcript heard = paced(r.pcm16k()).await(2, TimeUnit.MINUTES);
      long wallMs = (System.nanoTime() - started) / 1_000_000;
      System.out.printf(
          "paced %s: audio %d ms, wall %d ms, decode after finish %d ms, heard \"%s\"%n",
          r.name(), heard.audioMs(), wallMs, heard.decodeMs(), heard.text());
      assertThat(heard.text()).isNotEmpty();
    }
    Recording longest = Recordings.librivox().get(0);
    Transcript whole =
        Feeding.all(engine, new UtteranceRequest("t", 16_000, List.of()), longest.pcm16k())
            .await(2, TimeUnit.MINUTES);
    System.out.printf(
        Locale.ROOT,
        "all at once %s: audio %d ms, decode %d ms, real-time factor %.3f%n",
        longest.name(),
        whole.audioMs(),
        whole.decodeMs(),
        (double) whole.decodeMs() / whole.audioMs());
  }

  /** Feeds 20 ms frames every 20 ms from a timer, as a call's event loop would. */
  private Future<Transcript> paced(short[] pcm) {
    Promise<Transcript> heard = Promise.promise();
    vertx.runOnContext(
        start -> {
          Utterance utterance = engine.open(new UtteranceRequest("t", 16_000, List.of()));
          int frame = 320;
          int[] at = {0};
          vertx.setPeriodic(
              20,
              timer -> {
                int n = Math.min(frame, pcm.length - at[0]);
                utterance.feed(pcm, at[0], n);
                at[0] += n;
                if (at[0] >= pcm.length) {
                  vertx.cancelTimer(timer);
                  utterance.finish().onComplete(heard);
                }
              });
        });
    return heard.future();
  }

  @Test
  @DisplayName("Each decoder's memory is measured (resident set growth per decoder)")
  void memoryPerDecoder() throws Exception {
    long before = residentKb();
    PocketSphinxSpeechToText more =
        PocketSphinxSpeechToText.start(
                vertx,
                PocketSphinxLibrary.load(PocketSphinxLibrary.DEFAULT_NAME),
                PocketSphinxModel.in(Recordings.MODEL_DIR),
                2)
            .await(60, TimeUnit.SECONDS);
    try {
      long after = residentKb();
      System.out.printf("resident memory per decoder: %d MB%n", (after - before) / 2 / 1024);
      assertThat(more.decoders()).isEqualTo(2);
    } finally {
      more.close();
    }
  }

  private static long residentKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
