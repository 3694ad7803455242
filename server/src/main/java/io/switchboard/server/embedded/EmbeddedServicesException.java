package io.switchboard.server.embedded;

/** Embedded PostgreSQL or Redis could not be started; the message says why, in one line. */
public final class EmbeddedServicesException extends RuntimeException {

  /** A failure whose message is meant for the person starting the node. */
  public EmbeddedServicesException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure with no underlying exception. */
  public EmbeddedServicesException(String message) {
    super(message);
  }
}
