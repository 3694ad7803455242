package io.switchboard.platform.error;

/** The request clashes with the current state, e.g. a duplicate key. */
public final class Conflict extends SwitchboardException {

  public Conflict(String detail) {
    super("conflict", detail);
  }
}
