package io.switchboard.voice.tts;

/**
 * Synthesised audio of one sentence.
 *
 * @param text what it says
 * @param pcm 16-bit mono samples at {@link #SAMPLE_RATE}
 */
public record Speech(String text, short[] pcm) {

  /** Every engine hands back audio at this rate; calls resample it for telephony. */
  public static final int SAMPLE_RATE = 16_000;

  /** Length in milliseconds. */
  public long millis() {
    return pcm.length * 1000L / SAMPLE_RATE;
  }
}
