package io.switchboard.hub.protocol;

/**
 * A frame the hub refuses to decode; the message says why in words fit to send to the client.
 * Unchecked so that decoding can sit inside a {@code Future} chain and fail it.
 */
public final class BadFrameException extends RuntimeException {

  public BadFrameException(String message) {
    super(message, null, false, false);
  }
}
