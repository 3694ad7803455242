package io.switchboard.voice.tts;

import io.switchboard.platform.error.Invalid;

/** The rules every engine applies to the text it is asked to speak. */
public final class SpeechText {

  /**
   * Longest text spoken in one request: a few long sentences. Replies are split into sentences
   * before they are spoken, so only a runaway reply reaches this.
   */
  public static final int MAX_CHARS = 1_000;

  private SpeechText() {}

  /** Refuses empty, blank or over-long text with an {@link Invalid} naming the field. */
  public static void check(String text) {
    if (text == null || text.isBlank()) {
      throw Invalid.field("text", "must not be empty");
    }
    if (text.length() > MAX_CHARS) {
      throw Invalid.field(
          "text", "is " + text.length() + " characters, longer than " + MAX_CHARS + " allowed");
    }
  }
}
