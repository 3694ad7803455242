package io.switchboard.voice.stt;

import io.vertx.core.Future;

/** Feeds audio to an utterance the way a call does: 20 ms frames, then finish. */
final class Feeding {

  private Feeding() {}

  static void frames(Utterance utterance, short[] pcm, int sampleRate) {
    int frame = sampleRate / 50;
    short[] reused = new short[frame];
    for (int at = 0; at < pcm.length; at += frame) {
      int n = Math.min(frame, pcm.length - at);
      System.arraycopy(pcm, at, reused, 0, n);
      utterance.feed(reused, 0, n);
    }
  }

  static Future<Transcript> all(SpeechToText engine, UtteranceRequest request, short[] pcm) {
    Utterance utterance = engine.open(request);
    frames(utterance, pcm, request.sampleRate());
    return utterance.finish();
  }
}
