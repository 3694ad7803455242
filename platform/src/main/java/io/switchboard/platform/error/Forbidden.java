package io.switchboard.platform.error;

/** The caller is known but not allowed to do this. */
public final class Forbidden extends SwitchboardException {

  public Forbidden(String detail) {
    super("forbidden", detail);
  }
}
