package io.switchboard.loadtests.voice;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * One caller's turn in reply mode: line silence until the node has been quiet for a while (a
 * greeting played out), then one sentence, then silence again as a phone line sends it; completes
 * with the nanoseconds from the last speech frame sent to the first reply {@code media} received.
 */
final class SpokenTurn implements FrameSource {

  /** Silence sent before speaking when the node says nothing at all (no greeting). */
  static final long FIRST_QUIET_NANOS = 1_000_000_000L;

  /** Quiet after the node's last audio frame before the caller speaks. */
  static final long QUIET_NANOS = 800_000_000L;

  private enum State {
    WAITING,
    SPEAKING,
    LISTENING,
    DONE
  }

  private final LineAudio audio;
  private final String[] sentence;
  private final long openedAt = System.nanoTime();
  private final Promise<Long> reply = Promise.promise();
  private State state = State.WAITING;
  private long lastNodeAudio = -1;
  private long spokeUntil;
  private int next;

  SpokenTurn(LineAudio audio, int sentence) {
    this.audio = audio;
    this.sentence = audio.sentence(sentence);
  }

  /** Nanoseconds from the caller's last speech frame to the first frame of the node's reply. */
  Future<Long> reply() {
    return reply.future();
  }

  /** The node sent audio at {@code at} ({@link System#nanoTime()}). */
  void nodeAudio(long at) {
    lastNodeAudio = at;
    if (state == State.LISTENING) {
      state = State.DONE;
      reply.tryComplete(at - spokeUntil);
    }
  }

  /** Gives up on the reply. */
  void fail(String why) {
    reply.tryFail(why);
  }

  @Override
  public String next() {
    long now = System.nanoTime();
    if (state == State.WAITING) {
      boolean quiet =
          lastNodeAudio < 0
              ? now - openedAt >= FIRST_QUIET_NANOS
              : now - lastNodeAudio >= QUIET_NANOS;
      if (!quiet) {
        return audio.silence();
      }
      state = State.SPEAKING;
    }
    if (state == State.SPEAKING) {
      String frame = sentence[next++];
      if (next == sentence.length) {
        spokeUntil = now;
        state = State.LISTENING;
      }
      return frame;
    }
    return audio.silence();
  }
}
