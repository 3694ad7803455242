package io.switchboard.voice.stt;

/** Why an utterance could not be transcribed; the call treats every reason as "no transcript". */
public final class SpeechToTextException extends RuntimeException {

  /** What went wrong, for metrics and for the call's decision to hand over to a human. */
  public enum Reason {
    /** Every decoder was taken and too many utterances were already waiting. */
    BUSY,
    /** The utterance went on longer than the engine takes. */
    TOO_LONG,
    /** The engine did not answer in time, or the utterance was neither fed nor finished. */
    TIMED_OUT,
    /** The remote engine answered with an error status. */
    REJECTED,
    /** The remote engine answered with a body that is not a transcript. */
    MALFORMED,
    /** The engine itself failed. */
    FAILED
  }

  private final Reason reason;
  private final int status;

  public SpeechToTextException(Reason reason, String message) {
    this(reason, 0, message, null);
  }

  public SpeechToTextException(Reason reason, int status, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.status = status;
  }

  public Reason reason() {
    return reason;
  }

  /** The HTTP status a remote engine answered with; 0 when there was none. */
  public int status() {
    return status;
  }
}
