package io.switchboard.voice.call;

import io.vertx.core.json.JsonObject;

/**
 * The far end of a call as the call sees it, whatever carries it (a telephony media stream, a
 * browser WebSocket): where reply audio, marks and events go. Called on the call's event loop.
 */
public interface CallLine {

  /** Rate of the audio on this line: 8000 for telephony, 16000 for browsers. */
  int sampleRate();

  /** Sends one 20 ms frame of reply audio at {@link #sampleRate()}. */
  void play(short[] frame);

  /** Sends a mark after the audio played so far; the line calls back once it has been heard. */
  void mark(String name);

  /** Tells the far end to drop the reply audio it has not played yet. */
  void clear();

  /** Sends an event about the call (a transcript line, a hand-over); lines that cannot, drop it. */
  void event(JsonObject event);

  /** Ends the call from our side with {@code code}. */
  void hangUp(VoiceClose code, String reason);
}
