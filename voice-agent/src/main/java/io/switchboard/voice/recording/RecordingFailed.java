package io.switchboard.voice.recording;

/** A call's recording could not be created or written; the message names the file and why. */
public final class RecordingFailed extends RuntimeException {

  public RecordingFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
