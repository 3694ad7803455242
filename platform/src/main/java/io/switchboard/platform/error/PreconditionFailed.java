package io.switchboard.platform.error;

/** A condition the client set, such as If-Match on a version, no longer holds. */
public final class PreconditionFailed extends SwitchboardException {

  public PreconditionFailed(String detail) {
    super("precondition-failed", detail);
  }
}
