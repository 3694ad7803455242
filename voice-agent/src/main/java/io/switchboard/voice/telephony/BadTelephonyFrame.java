package io.switchboard.voice.telephony;

/** A telephony frame that cannot be read; the message says what is wrong with it. */
public final class BadTelephonyFrame extends RuntimeException {

  public BadTelephonyFrame(String message) {
    super(message, null, false, false);
  }
}
