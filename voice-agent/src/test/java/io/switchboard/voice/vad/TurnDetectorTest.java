package io.switchboard.voice.vad;

import static io.switchboard.voice.vad.TurnDetector.Event.CONTINUING;
import static io.switchboard.voice.vad.TurnDetector.Event.DROPPED;
import static io.switchboard.voice.vad.TurnDetector.Event.ENDED;
import static io.switchboard.voice.vad.TurnDetector.Event.QUIET;
import static io.switchboard.voice.vad.TurnDetector.Event.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.config.VoiceConfig;
import io.switchboard.voice.vad.TurnDetector.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Turn detection over per-frame speech decisions")
class TurnDetectorTest {

  /** 100 ms to start (5 frames), 200 ms hangover (10 frames), 160 ms minimum (8 frames). */
  private final TurnDetector turns = new TurnDetector(new VoiceConfig.Vad(100, 200, 160));

  private List<Event> feed(boolean speech, int frames) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      events.add(turns.accept(speech));
    }
    return events;
  }

  @Test
  @DisplayName("silence is quiet")
  void silenceIsQuiet() {
    assertThat(feed(false, 50)).containsOnly(QUIET);
    assertThat(turns.inUtterance()).isFalse();
  }

  @Test
  @DisplayName("speech starts the caller's turn exactly when it has lasted start-ms")
  void startsAfterStartMs() {
    feed(false, 3);

    assertThat(feed(true, 4)).containsOnly(QUIET);
    assertThat(turns.accept(true)).isEqualTo(STARTED);
    // The four speech frames before, and the three quiet frames before them (under the padding).
    assertThat(turns.preRollFrames()).isEqualTo(4 + 3);
    assertThat(turns.inUtterance()).isTrue();
  }

  @Test
  @DisplayName("the pre-roll keeps at most the padding of quiet before the speech")
  void preRollCappedByPadding() {
    feed(false, 100);
    feed(true, 4);

    assertThat(turns.accept(true)).isEqualTo(STARTED);
    int padding = TurnDetector.PRE_ROLL_PADDING_MS / TurnDetector.FRAME_MS;
    assertThat(turns.preRollFrames()).isEqualTo(4 + padding);
    assertThat(turns.maxPreRollFrames()).isEqualTo(turns.preRollFrames());
  }

  @Test
  @DisplayName("speech at the very first frame starts with only its own frames as pre-roll")
  void speechFromFirstFrame() {
    feed(true, 4);

    assertThat(turns.accept(true)).isEqualTo(STARTED);
    assertThat(turns.preRollFrames()).isEqualTo(4);
  }

  @Test
  @DisplayName(
      "a burst shorter than start-ms never starts a turn, and counts as audio before the next")
  void shortBurstDoesNotStart() {
    assertThat(feed(true, 4)).containsOnly(QUIET);
    assertThat(feed(false, 1)).containsOnly(QUIET);
    assertThat(feed(true, 4)).containsOnly(QUIET);

    assertThat(turns.accept(true)).isEqualTo(STARTED);
    assertThat(turns.preRollFrames()).isEqualTo(4 + 5);
  }

  @Test
  @DisplayName("silence shorter than the hangover keeps the turn going")
  void pauseShorterThanHangoverContinues() {
    feed(true, 5);

    assertThat(feed(false, 9)).containsOnly(CONTINUING);
    assertThat(feed(true, 3)).containsOnly(CONTINUING);
    assertThat(turns.inUtterance()).isTrue();
  }

  @Test
  @DisplayName("silence as long as the hangover ends a long enough turn")
  void hangoverEndsTurn() {
    feed(true, 5);
    feed(true, 5);

    assertThat(feed(false, 9)).containsOnly(CONTINUING);
    assertThat(turns.accept(false)).isEqualTo(ENDED);
    assertThat(turns.speechFrames()).isEqualTo(10);
    assertThat(turns.utteranceFrames()).isEqualTo(10 + 10);
    assertThat(turns.inUtterance()).isFalse();
    assertThat(turns.accept(false)).isEqualTo(QUIET);
  }

  @Test
  @DisplayName("an utterance exactly min-speech-ms long is kept")
  void exactlyMinimumKept() {
    feed(true, 8);
    feed(false, 9);

    assertThat(turns.accept(false)).isEqualTo(ENDED);
  }

  @Test
  @DisplayName("a cough shorter than min-speech-ms is dropped, not transcribed")
  void shortUtteranceDropped() {
    assertThat(feed(true, 7)).containsSubsequence(STARTED, CONTINUING);
    feed(false, 9);

    assertThat(turns.accept(false)).isEqualTo(DROPPED);
    assertThat(turns.speechFrames()).isEqualTo(7);
    assertThat(turns.inUtterance()).isFalse();
  }

  @Test
  @DisplayName("gaps inside an utterance count towards its length")
  void gapsCountTowardsLength() {
    feed(true, 5);
    feed(false, 2);
    feed(true, 1);
    feed(false, 9);

    assertThat(turns.accept(false)).isEqualTo(ENDED);
    assertThat(turns.speechFrames()).isEqualTo(8);
  }

  @Test
  @DisplayName("speech right after a turn ends starts the next one, with the hangover as pre-roll")
  void nextTurnAfterEnd() {
    feed(true, 10);
    feed(false, 10);

    assertThat(feed(true, 4)).containsOnly(QUIET);
    assertThat(turns.accept(true)).isEqualTo(STARTED);
    assertThat(turns.preRollFrames()).isEqualTo(4 + 10);
  }

  @Test
  @DisplayName("the shortest settings (one frame each) start, end and keep a one-frame utterance")
  void oneFrameSettings() {
    TurnDetector fast = new TurnDetector(new VoiceConfig.Vad(20, 20, 20));

    assertThat(fast.accept(true)).isEqualTo(STARTED);
    assertThat(fast.preRollFrames()).isZero();
    assertThat(fast.accept(false)).isEqualTo(ENDED);
    assertThat(fast.accept(false)).isEqualTo(QUIET);
  }

  @Test
  @DisplayName("millisecond settings that are not whole frames round up")
  void millisecondsRoundUp() {
    TurnDetector rounded = new TurnDetector(new VoiceConfig.Vad(30, 30, 30));

    assertThat(rounded.accept(true)).isEqualTo(QUIET);
    assertThat(rounded.accept(true)).isEqualTo(STARTED);
    assertThat(rounded.accept(false)).isEqualTo(CONTINUING);
    assertThat(rounded.accept(false)).isEqualTo(ENDED);
  }

  @Test
  @DisplayName("reset forgets an utterance under way")
  void resetForgets() {
    feed(true, 6);

    turns.reset();

    assertThat(turns.inUtterance()).isFalse();
    assertThat(feed(false, 20)).containsOnly(QUIET);
    assertThat(feed(true, 4)).containsOnly(QUIET);
    assertThat(turns.accept(true)).isEqualTo(STARTED);
  }
}
