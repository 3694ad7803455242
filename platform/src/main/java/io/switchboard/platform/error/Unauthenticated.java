package io.switchboard.platform.error;

/**
 * No valid credentials: the token is missing, malformed, badly signed, expired or lacks a required
 * claim.
 */
public final class Unauthenticated extends SwitchboardException {

  public Unauthenticated(String detail) {
    super("unauthenticated", detail);
  }
}
