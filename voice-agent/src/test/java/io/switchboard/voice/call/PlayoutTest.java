package io.switchboard.voice.call;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reply audio played at real time")
class PlayoutTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, SECONDS);
  }

  /** Frames and clip ends as the line would see them, with when each frame went. */
  private static final class Recorder implements Playout.Sink {
    final List<Long> frameTimes = new CopyOnWriteArrayList<>();
    final List<Short> firstSamples = new CopyOnWriteArrayList<>();
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> finished = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final String last;

    Recorder(String last) {
      this.last = last;
    }

    @Override
    public void started(Playout.Clip clip) {
      started.add(clip.id());
    }

    @Override
    public void frame(short[] frame) {
      frameTimes.add(System.nanoTime());
      firstSamples.add(frame[0]);
    }

    @Override
    public void finished(Playout.Clip clip) {
      finished.add(clip.id());
      if (clip.id().equals(last)) {
        done.complete(null);
      }
    }
  }

  private static short[] ramp(int samples, int value) {
    short[] pcm = new short[samples];
    java.util.Arrays.fill(pcm, (short) value);
    return pcm;
  }

  @Test
  @DisplayName("A second of audio goes out one 20 ms frame at a time, in order, never as a burst")
  void paced() throws Exception {
    Recorder sink = new Recorder("b");
    vertx.runOnContext(
        v -> {
          Playout playout = new Playout(new PlayoutClock(vertx), 8000, sink);
          playout.play(new Playout.Clip("a", "bot", "one", ramp(4000, 1)));
          playout.play(new Playout.Clip("b", "bot", "two", ramp(4000, 2)));
        });
    sink.done.get(10, SECONDS);
    assertThat(sink.frameTimes).hasSize(50);
    assertThat(sink.started).containsExactly("a", "b");
    assertThat(sink.finished).containsExactly("a", "b");
    assertThat(sink.firstSamples.subList(0, 25)).containsOnly((short) 1);
    assertThat(sink.firstSamples.subList(25, 50)).containsOnly((short) 2);
    long spanMs = (sink.frameTimes.get(49) - sink.frameTimes.get(0)) / 1_000_000;
    // 49 frame intervals of 20 ms; a late tick may send two at once, never more.
    assertThat(spanMs).isGreaterThanOrEqualTo(49 * 20 * 8 / 10);
    for (int i = 3; i < sink.frameTimes.size(); i++) {
      long threeFramesMs = (sink.frameTimes.get(i) - sink.frameTimes.get(i - 3)) / 1_000_000;
      assertThat(threeFramesMs).as("three frames ending at %d", i).isGreaterThanOrEqualTo(15);
    }
  }

  @Test
  @DisplayName("Clearing stops the audio at once and tells how much of the clip went out")
  void cleared() throws Exception {
    Recorder sink = new Recorder("never");
    CompletableFuture<List<Playout.Played>> dropped = new CompletableFuture<>();
    vertx.runOnContext(
        v -> {
          Playout playout = new Playout(new PlayoutClock(vertx), 8000, sink);
          playout.play(new Playout.Clip("a", "bot", "one two three four", ramp(8000, 1)));
          playout.play(new Playout.Clip("b", "bot", "five", ramp(800, 2)));
          vertx.setTimer(
              300,
              t -> {
                dropped.complete(playout.clear());
                assertThat(playout.isPlaying()).isFalse();
              });
        });
    List<Playout.Played> played = dropped.get(10, SECONDS);
    int sent = sink.frameTimes.size();
    assertThat(played).hasSize(2);
    assertThat(played.get(0).clip().id()).isEqualTo("a");
    assertThat(played.get(0).fraction()).isEqualTo(sent * 160 / 8000.0);
    assertThat(played.get(1).fraction()).isZero();
    // Nothing more goes out after the clear: ten frame times later, the count is the same.
    CompletableFuture<Void> later = new CompletableFuture<>();
    vertx.setTimer(200, t -> later.complete(null));
    later.get(5, SECONDS);
    assertThat(sink.frameTimes).hasSize(sent);
    assertThat(sink.finished).isEmpty();
  }

  @Test
  @DisplayName("A full queue refuses more audio instead of growing without bound")
  void bounded() throws Exception {
    CompletableFuture<Boolean> accepted = new CompletableFuture<>();
    vertx.runOnContext(
        v -> {
          Playout playout = new Playout(new PlayoutClock(vertx), 8000, new Recorder("x"));
          short[] minute = new short[8000 * 60];
          boolean first = playout.play(new Playout.Clip("a", "bot", "a", minute));
          boolean second = playout.play(new Playout.Clip("b", "bot", "b", minute));
          boolean third = playout.play(new Playout.Clip("c", "bot", "c", minute));
          accepted.complete(first && second && !third);
          playout.close();
        });
    assertThat(accepted.get(10, SECONDS)).isTrue();
  }
}
