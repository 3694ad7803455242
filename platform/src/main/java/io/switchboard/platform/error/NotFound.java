package io.switchboard.platform.error;

/** The thing asked for does not exist, or the caller may not know that it does. */
public final class NotFound extends SwitchboardException {

  public NotFound(String detail) {
    super("not-found", detail);
  }
}
