package io.switchboard.voice.dtmf;

import java.util.Objects;

/**
 * Hears keypad presses (in-band DTMF) in a call's audio, fed 20 ms frames at 8 or 16 kHz, and
 * reports each press once. One instance per call; not thread-safe; allocates nothing per frame.
 *
 * <p>It evaluates a 20 ms window every 10 ms (Goertzel on the eight DTMF frequencies), so a press
 * is timed to 10 ms whatever the frame boundaries, and checks each window for energy, dominance of
 * one row and one column tone, twist, the tones' share of all energy, and that the tone fills the
 * whole window.
 */
public final class DtmfDetector {

  /** Analysis hop, also half the analysis window. */
  public static final int HOP_MILLIS = 10;

  /** Longest frame one call accepts: short enough that it can hold at most one new press. */
  public static final int MAX_FRAME_MILLIS = 40;

  private final int sampleRate;
  private final int maxFrame;
  private final GoertzelBank bank;
  private final KeyPresses presses = new KeyPresses();
  private boolean tone;

  /** A detector for audio at {@code sampleRate}, which must be 8000 or 16000. */
  public DtmfDetector(int sampleRate) {
    if (sampleRate != 8000 && sampleRate != 16000) {
      throw new IllegalArgumentException(
          "DTMF detection needs 8000 or 16000 Hz, got " + sampleRate);
    }
    this.sampleRate = sampleRate;
    this.maxFrame = sampleRate * MAX_FRAME_MILLIS / 1000;
    this.bank = new GoertzelBank(DtmfTones.FREQUENCIES, sampleRate, sampleRate * HOP_MILLIS / 1000);
  }

  /**
   * Takes the next {@code length} samples of the call and returns the key ('0'-'9', '*', '#',
   * 'A'-'D') if a press was recognised in them, else 0.
   *
   * @throws IllegalArgumentException if the frame is longer than {@link #MAX_FRAME_MILLIS}
   */
  public char accept(short[] frame, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, frame.length);
    if (length > maxFrame) {
      throw new IllegalArgumentException(
          "frame of " + length + " samples is longer than " + MAX_FRAME_MILLIS + " ms");
    }
    char found = 0;
    int at = offset;
    int end = offset + length;
    while (at < end) {
      at += bank.feed(frame, at, end - at);
      if (bank.blockDone()) {
        char heard = DtmfTones.classify(bank);
        tone = heard != 0;
        char key = presses.next(heard);
        if (key != 0) {
          found = key;
        }
      }
    }
    return found;
  }

  /**
   * Whether the last window held a key's tones: the call keeps them from its voice-activity
   * detector, so a key press neither cuts a reply off nor becomes an utterance.
   */
  public boolean toneActive() {
    return tone;
  }

  /** Sample rate this detector was made for. */
  public int sampleRate() {
    return sampleRate;
  }

  /** Forgets the call so far. */
  public void reset() {
    bank.reset();
    presses.reset();
    tone = false;
  }
}
