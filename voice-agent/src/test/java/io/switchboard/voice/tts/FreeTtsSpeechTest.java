package io.switchboard.voice.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FreeTTS text-to-speech")
class FreeTtsSpeechTest {

  private static final int WORKERS = 2;

  private static Vertx vertx;
  private static FreeTtsSpeech tts;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    tts = FreeTtsSpeech.start(vertx, WORKERS).await();
  }

  @AfterAll
  static void stop() {
    tts.close();
    vertx.close().await();
  }

  @Test
  @DisplayName("a sentence is spoken as seconds of audible 16 kHz audio")
  void sentenceGivesAudibleAudio() {
    String text = "Thank you for calling, how can I help you today?";

    Speech speech = tts.synthesize("t1", text).await();

    assertThat(speech.text()).isEqualTo(text);
    // Ten words at a normal speaking rate take two to four seconds.
    assertThat(speech.millis()).isBetween(1_500L, 5_000L);
    assertThat(rms(speech.pcm())).isGreaterThan(500);
  }

  @Test
  @DisplayName("a longer sentence gives longer audio")
  void longerTextLongerAudio() {
    Speech shortSpeech = tts.synthesize("t1", "Hello.").await();
    Speech longSpeech =
        tts.synthesize("t1", "Hello, your order has shipped and will arrive on Monday.").await();

    assertThat(longSpeech.millis()).isGreaterThan(shortSpeech.millis() * 3);
  }

  @Test
  @DisplayName("many requests at once on a two-worker pool all complete with audio")
  void concurrentRequestsAllComplete() {
    List<Future<Speech>> all = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      all.add(tts.synthesize("t" + (i % 3), "Request number " + i + " is being handled."));
    }

    Future.all(all).await();

    for (int i = 0; i < all.size(); i++) {
      Speech speech = all.get(i).result();
      assertThat(speech.text()).isEqualTo("Request number " + i + " is being handled.");
      assertThat(speech.millis()).isGreaterThan(1_000L);
      assertThat(rms(speech.pcm())).isGreaterThan(500);
    }
  }

  @Test
  @DisplayName("digits, symbols, accents and emoji are spoken, not refused")
  void unusualCharactersSpoken() {
    String text = "Call 555-0199 at 9:30 & ask for Zoë O'Neil (room #4) — thanks! 😀 <b>";

    Speech speech = tts.synthesize("t1", text).await();

    assertThat(speech.millis()).isGreaterThan(2_000L);
    assertThat(rms(speech.pcm())).isGreaterThan(500);
  }

  @Test
  @DisplayName("empty, blank and missing text are refused as invalid")
  void emptyTextRefused() {
    for (String text : new String[] {"", "   \n", null}) {
      assertThatThrownBy(() -> tts.synthesize("t1", text).await())
          .isInstanceOf(Invalid.class)
          .hasMessageContaining("text")
          .hasMessageContaining("empty");
    }
  }

  @Test
  @DisplayName("text over the limit is refused, naming the limit")
  void tooLongTextRefused() {
    String text = "a".repeat(SpeechText.MAX_CHARS + 1);

    assertThatThrownBy(() -> tts.synthesize("t1", text).await())
        .isInstanceOf(Invalid.class)
        .hasMessageContaining(String.valueOf(SpeechText.MAX_CHARS));
  }

  @Test
  @DisplayName("text exactly at the limit is spoken")
  void textAtLimitSpoken() {
    String sentence = "One more thing. ";
    String text = sentence.repeat(SpeechText.MAX_CHARS / sentence.length());

    assertThat(tts.synthesize("t1", text).await().millis()).isGreaterThan(10_000L);
  }

  @Test
  @DisplayName(
      "past the queue limit a request is answered busy at once, the queued ones still speak")
  void overQueueAnsweredBusy() {
    int limit = WORKERS * (1 + FreeTtsSpeech.QUEUED_PER_WORKER);
    // Submitted in one event-loop turn, so no finished request frees its place in between.
    Promise<List<Future<Speech>>> submitted = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(
            v -> {
              List<Future<Speech>> requests = new ArrayList<>();
              // The first ones keep both workers busy past the loop: a short one could finish on
              // its worker meanwhile and free a place.
              String longer =
                  "The workers stay busy while the others wait in the queue. ".repeat(8);
              for (int i = 0; i < limit + 5; i++) {
                requests.add(tts.synthesize("t1", i < WORKERS ? longer.strip() : "Hi."));
              }
              submitted.complete(requests);
            });
    List<Future<Speech>> all = submitted.future().await();

    Future.join(all).otherwiseEmpty().await();

    long busy = all.stream().filter(f -> f.failed() && f.cause() instanceof Unavailable).count();
    long spoken = all.stream().filter(Future::succeeded).count();
    assertThat(busy).isEqualTo(5);
    assertThat(spoken + busy).isEqualTo(all.size());
    assertThat(all.get(0).result().pcm()).isNotEmpty();
  }

  static double rms(short[] pcm) {
    double sum = 0;
    for (short s : pcm) {
      sum += (double) s * s;
    }
    return Math.sqrt(sum / Math.max(1, pcm.length));
  }
}
