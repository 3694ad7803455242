package io.switchboard.platform.error;

/** A change that must name the version it is based on (If-Match) did not name one. */
public final class PreconditionRequired extends SwitchboardException {

  public PreconditionRequired(String detail) {
    super("precondition-required", detail);
  }
}
