package io.switchboard.loadtests.voice;

/** What a simulated caller sends next: one 20 ms media payload in base64 per call. */
interface FrameSource {

  /** The payload of the next 20 ms frame. */
  String next();

  /** A caller that loops over the sentences and silences, starting at its own offset. */
  static FrameSource loop(LineAudio audio, long offset) {
    long[] n = {offset};
    return () -> audio.loopFrame(n[0]++);
  }
}
