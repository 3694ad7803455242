package io.switchboard.voice.vad;

import io.switchboard.platform.config.VoiceConfig;

/**
 * Turns per-frame speech decisions into the caller's turns: speech must last {@code startMs} before
 * the caller counts as speaking, silence must last {@code hangoverMs} before the turn ends, and an
 * utterance shorter than {@code minSpeechMs} (a cough, "mm") is dropped. One instance per call,
 * used on the call's event loop.
 *
 * <p>The caller keeps the last {@link #maxPreRollFrames()} frames; on {@link Event#STARTED} the
 * {@link #preRollFrames()} frames before the current one belong to the utterance too, so none of
 * its start is lost.
 */
public final class TurnDetector {

  /** Length of one frame. */
  public static final int FRAME_MS = 20;

  /**
   * Quiet frames kept before the first speech frame of an utterance: a detector hears a soft onset
   * ("h", "f") late, and the recogniser needs a little silence before the first word.
   */
  public static final int PRE_ROLL_PADDING_MS = 200;

  /** What one frame means for the caller's turn. */
  public enum Event {
    /** No utterance under way (speech may be starting but has not lasted long enough). */
    QUIET,
    /** Speech has lasted {@code startMs}: an utterance begins with this frame's pre-roll. */
    STARTED,
    /** The utterance goes on (speech, or silence shorter than the hangover). */
    CONTINUING,
    /** Silence lasted {@code hangoverMs} after an utterance long enough to keep. */
    ENDED,
    /** Silence lasted {@code hangoverMs} after an utterance too short to keep. */
    DROPPED
  }

  private final int startFrames;
  private final int hangoverFrames;
  private final int minSpeechFrames;
  private final int paddingFrames;

  private boolean inUtterance;
  private int speechRun;
  private int quietRun;
  private int framesBeforeRun;
  private int preRoll;
  private int voicedFrames;
  private int utteranceFrames;

  /** A detector with the configured timings. */
  public TurnDetector(VoiceConfig.Vad config) {
    startFrames = frames(config.startMs());
    hangoverFrames = frames(config.hangoverMs());
    minSpeechFrames = frames(config.minSpeechMs());
    paddingFrames = frames(PRE_ROLL_PADDING_MS);
  }

  private static int frames(int millis) {
    return Math.max(1, (millis + FRAME_MS - 1) / FRAME_MS);
  }

  /** Takes the detector's decision for the next frame and says what it means for the turn. */
  public Event accept(boolean speech) {
    return inUtterance ? duringUtterance(speech) : beforeUtterance(speech);
  }

  private Event beforeUtterance(boolean speech) {
    if (!speech) {
      // A run too short to start is ordinary audio before the next run, like the quiet.
      framesBeforeRun = Math.min(framesBeforeRun + speechRun + 1, paddingFrames);
      speechRun = 0;
      return Event.QUIET;
    }
    speechRun++;
    if (speechRun < startFrames) {
      return Event.QUIET;
    }
    inUtterance = true;
    preRoll = speechRun - 1 + framesBeforeRun;
    voicedFrames = speechRun;
    utteranceFrames = preRoll + 1;
    quietRun = 0;
    speechRun = 0;
    framesBeforeRun = 0;
    return Event.STARTED;
  }

  private Event duringUtterance(boolean speech) {
    utteranceFrames++;
    if (speech) {
      voicedFrames += quietRun + 1;
      quietRun = 0;
      return Event.CONTINUING;
    }
    quietRun++;
    if (quietRun < hangoverFrames) {
      return Event.CONTINUING;
    }
    inUtterance = false;
    // The hangover's quiet may also lead into the next utterance.
    framesBeforeRun = Math.min(quietRun, paddingFrames);
    quietRun = 0;
    return voicedFrames >= minSpeechFrames ? Event.ENDED : Event.DROPPED;
  }

  /**
   * Frames before the current one that belong to the utterance, valid on {@link Event#STARTED}: the
   * speech that led to the start, plus up to {@link #PRE_ROLL_PADDING_MS} of quiet before it.
   */
  public int preRollFrames() {
    return preRoll;
  }

  /** Frames the caller must keep to hand over a full pre-roll. */
  public int maxPreRollFrames() {
    return startFrames - 1 + paddingFrames;
  }

  /**
   * Frames from the first to the last speech frame of the current or last utterance (quiet gaps
   * inside it count, the pre-roll padding and the final hangover do not).
   */
  public int speechFrames() {
    return voicedFrames;
  }

  /** Frames of the current or last utterance, from its pre-roll to this frame. */
  public int utteranceFrames() {
    return utteranceFrames;
  }

  /** Whether an utterance is under way. */
  public boolean inUtterance() {
    return inUtterance;
  }

  /** Forgets any utterance under way, e.g. when the call is put on hold. */
  public void reset() {
    inUtterance = false;
    speechRun = 0;
    quietRun = 0;
    framesBeforeRun = 0;
    preRoll = 0;
    voicedFrames = 0;
    utteranceFrames = 0;
  }
}
