package io.switchboard.platform.error;

/** A dependency the request needs does not answer; retrying later may work. */
public final class Unavailable extends SwitchboardException {

  public Unavailable(String detail) {
    super("unavailable", detail);
  }
}
