package io.switchboard.voice.stt;

/**
 * What the engine heard in one utterance.
 *
 * @param text the words, lower case, single spaces; empty when nothing was recognised
 * @param audioMs length of the audio it was given
 * @param decodeMs time spent decoding after the utterance finished
 */
public record Transcript(String text, long audioMs, long decodeMs) {

  /** Whether anything was recognised. */
  public boolean isEmpty() {
    return text.isBlank();
  }
}
