package io.switchboard.voice.tts;

/**
 * A remote speech engine did not give usable audio: what went wrong and the HTTP status, if any.
 */
public final class SpeechEngineException extends RuntimeException {

  /** How the request failed. */
  public enum Reason {
    /** The engine answered with a status outside 2xx. */
    STATUS,
    /** No complete answer within the time allowed. */
    TIMEOUT,
    /** The engine could not be reached. */
    UNREACHABLE,
    /** A 2xx answer whose body is not 16-bit PCM (empty, odd length, too long). */
    BAD_BODY
  }

  private final Reason reason;
  private final int status;

  public SpeechEngineException(Reason reason, int status, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
    this.status = status;
  }

  public Reason reason() {
    return reason;
  }

  /** The HTTP status the engine answered with; 0 when it gave no answer. */
  public int status() {
    return status;
  }
}
