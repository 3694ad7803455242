package io.switchboard.voice.stt;

import io.vertx.core.Future;

/** One utterance being recognised; fed on the call's event loop, decoded on a worker. */
public interface Utterance {

  /**
   * Adds {@code length} samples of 16-bit PCM at the request's rate; the samples are copied, so the
   * caller may reuse its array.
   */
  void feed(short[] pcm, int offset, int length);

  /** Ends the utterance; completes with what was said (empty text when nothing was recognised). */
  Future<Transcript> finish();

  /** Drops the utterance and whatever it has decoded so far. */
  void cancel();
}
