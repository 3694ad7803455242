package io.switchboard.platform.error;

/** A dependency the request needs does not answer; retrying later may work. */
public final class Unavailable extends SwitchboardException {

  public Unavailable(String detail) {
    super("unavailable", detail);
  }

  private Unavailable(String type, String detail) {
    super(type, detail);
  }

  /**
   * The service is up but its bounded capacity is taken (every worker busy and the queue full):
   * retry shortly. Problem type {@code busy}, status 503 like any unavailability.
   */
  public static Unavailable busy(String detail) {
    return new Unavailable("busy", detail);
  }
}
