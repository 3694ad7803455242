package io.switchboard.voice.call;

/** A call that may not start or go on, with the close code that tells the line why. */
public final class CallRefused extends RuntimeException {

  private final VoiceClose close;

  public CallRefused(VoiceClose close, String message) {
    super(message, null, false, false);
    this.close = close;
  }

  /** The close code for the line. */
  public VoiceClose close() {
    return close;
  }
}
