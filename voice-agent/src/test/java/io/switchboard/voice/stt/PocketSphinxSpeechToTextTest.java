package io.switchboard.voice.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("PocketSphinx speech-to-text, embedded through JNA")
class PocketSphinxSpeechToTextTest {

  private static final List<String> MENU =
      List.of("agent", "cancel", "billing", "sales", "one", "two", "go forward ten meters");

  private Vertx vertx;
  private PocketSphinxLibrary library;
  private PocketSphinxSpeechToText engine;

  @BeforeAll
  void startEngine() throws Exception {
    vertx = Vertx.vertx();
    library = PocketSphinxLibrary.load(PocketSphinxLibrary.DEFAULT_NAME);
    engine =
        PocketSphinxSpeechToText.start(
                vertx, library, PocketSphinxModel.in(Recordings.MODEL_DIR), 2)
            .await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    engine.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static UtteranceRequest wideband(List<String> phrases) {
    return new UtteranceRequest("tenant-a", 16_000, phrases);
  }

  private static Transcript await(Future<Transcript> transcript) throws Exception {
    return transcript.await(60, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("A real voice saying \"go forward ten meters\" at 16 kHz is heard word for word")
  void realVoiceOpenVocabulary() throws Exception {
    Transcript heard =
        await(Feeding.all(engine, wideband(List.of()), Recordings.goForward().pcm16k()));

    assertThat(heard.text()).isEqualTo("go forward ten meters");
    assertThat(heard.audioMs()).isBetween(2_500L, 4_000L);
  }

  @Test
  @DisplayName("With menu phrases, the caller is heard as the phrase they said")
  void realVoiceWithPhrases() throws Exception {
    Transcript heard = await(Feeding.all(engine, wideband(MENU), Recordings.goForward().pcm16k()));

    assertThat(heard.text()).isEqualTo("go forward ten meters");
  }

  @Test
  @DisplayName("Phrases the dictionary cannot pronounce fall back to open speech")
  void unknownPhrasesFallBack() throws Exception {
    Transcript heard =
        await(
            Feeding.all(
                engine, wideband(List.of("xqzzyv plorbt")), Recordings.goForward().pcm16k()));

    assertThat(heard.text()).isEqualTo("go forward ten meters");
  }

  @Test
  @DisplayName("Silence is heard as nothing")
  void silenceIsEmpty() throws Exception {
    Transcript heard = await(Feeding.all(engine, wideband(List.of()), new short[16_000]));

    assertThat(heard.isEmpty()).isTrue();
    assertThat(heard.audioMs()).isEqualTo(1_000);
  }

  @Test
  @DisplayName("An utterance with no audio at all is heard as nothing")
  void noAudio() throws Exception {
    assertThat(await(engine.open(wideband(List.of())).finish()).text()).isEmpty();
  }

  @Test
  @DisplayName("Sample rates other than 8 and 16 kHz are refused when the utterance opens")
  void wrongRate() throws Exception {
    assertThatThrownBy(() -> engine.open(new UtteranceRequest("t", 44_100, List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("44100");
  }

  @Test
  @DisplayName("Feeding outside the array, a null array, or after finish is refused")
  void wrongFeeds() throws Exception {
    Utterance utterance = engine.open(wideband(List.of()));
    assertThatThrownBy(() -> utterance.feed(new short[10], 5, 6))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> utterance.feed(new short[10], -1, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> utterance.feed(null, 0, 0)).isInstanceOf(NullPointerException.class);
    Future<Transcript> finished = utterance.finish();
    assertThatThrownBy(() -> utterance.feed(new short[10], 0, 10))
        .isInstanceOf(IllegalStateException.class);
    assertThat(await(finished).text()).isEmpty();
  }

  @Test
  @DisplayName("A cancelled utterance gives its decoder back and cannot be finished")
  void cancelFreesDecoder() throws Exception {
    for (int i = 0; i < engine.decoders() + 1; i++) {
      Utterance dropped = engine.open(wideband(List.of()));
      Feeding.frames(dropped, Recordings.goForward().pcm16k(), 16_000);
      dropped.cancel();
      assertThatThrownBy(() -> dropped.finish().await(10, TimeUnit.SECONDS))
          .isInstanceOf(IllegalStateException.class);
    }

    Transcript heard =
        await(Feeding.all(engine, wideband(List.of()), Recordings.goForward().pcm16k()));
    assertThat(heard.text()).isEqualTo("go forward ten meters");
  }

  @Test
  @DisplayName("When every decoder is busy, audio waits and is decoded once one is free")
  void audioWaitsForDecoder() throws Exception {
    PocketSphinxSpeechToText single =
        PocketSphinxSpeechToText.start(
                vertx, library, PocketSphinxModel.in(Recordings.MODEL_DIR), 1)
            .await(60, TimeUnit.SECONDS);
    try {
      Utterance first = single.open(wideband(List.of()));
      Utterance second = single.open(wideband(List.of()));
      Feeding.frames(second, Recordings.goForward().pcm16k(), 16_000);
      Future<Transcript> secondHeard = second.finish();
      Feeding.frames(first, Recordings.goForward().pcm16k(), 16_000);

      assertThat(await(first.finish()).text()).isEqualTo("go forward ten meters");
      assertThat(await(secondHeard).text()).isEqualTo("go forward ten meters");
      assertThat(single.droppedAudioMs()).isZero();
    } finally {
      single.close();
    }
  }

  @Test
  @DisplayName("Audio waiting more than 30 s for a decoder is dropped and counted")
  void waitingAudioIsBounded() throws Exception {
    PocketSphinxSpeechToText single =
        PocketSphinxSpeechToText.start(
                vertx, library, PocketSphinxModel.in(Recordings.MODEL_DIR), 1)
            .await(60, TimeUnit.SECONDS);
    try {
      Utterance holding = single.open(wideband(List.of()));
      Utterance waiting = single.open(wideband(List.of()));
      short[] second = new short[16_000];
      for (int s = 0; s < 31; s++) {
        waiting.feed(second, 0, second.length);
      }

      assertThat(single.droppedAudioMs()).isEqualTo(1_000);
      holding.cancel();
      assertThat(await(waiting.finish()).audioMs()).isEqualTo(31_000);
    } finally {
      single.close();
    }
  }

  @Test
  @DisplayName("A recording is heard the same whatever caller the decoder heard before")
  void noCarryOverBetweenCallers() throws Exception {
    PocketSphinxSpeechToText single =
        PocketSphinxSpeechToText.start(
                vertx, library, PocketSphinxModel.in(Recordings.MODEL_DIR), 1)
            .await(60, TimeUnit.SECONDS);
    try {
      short[] card = Recordings.cards().get(1).pcm16k();
      String first = await(Feeding.all(single, wideband(List.of()), card)).text();
      short[] otherLine = Telephony.overPhoneLine(Recordings.librivox().get(0).pcm16k());
      for (int i = 0; i < otherLine.length; i++) {
        otherLine[i] =
            (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, otherLine[i] * 4));
      }
      await(Feeding.all(single, new UtteranceRequest("tenant-b", 8_000, List.of()), otherLine));

      assertThat(await(Feeding.all(single, wideband(List.of()), card)).text()).isEqualTo(first);
    } finally {
      single.close();
    }
  }

  @Test
  @DisplayName(
      "Past 32 open utterances per decoder, a new one fails as BUSY and the rest still work")
  void busyBeyondOpenLimit() throws Exception {
    PocketSphinxSpeechToText single =
        PocketSphinxSpeechToText.start(
                vertx, library, PocketSphinxModel.in(Recordings.MODEL_DIR), 1)
            .await(60, TimeUnit.SECONDS);
    try {
      List<Utterance> held = new java.util.ArrayList<>();
      for (int i = 0; i < PocketSphinxSpeechToText.MAX_OPEN_PER_DECODER; i++) {
        held.add(single.open(wideband(List.of())));
      }
      Utterance refused = single.open(wideband(List.of()));
      refused.feed(new short[320], 0, 320);

      assertThatThrownBy(() -> refused.finish().await(10, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(
              SpeechToTextException.class,
              e -> assertThat(e.reason()).isEqualTo(SpeechToTextException.Reason.BUSY));
      held.subList(1, held.size()).forEach(Utterance::cancel);
      Utterance first = held.get(0);
      Feeding.frames(first, Recordings.goForward().pcm16k(), 16_000);
      assertThat(await(first.finish()).text()).isEqualTo("go forward ten meters");
    } finally {
      single.close();
    }
  }
}
