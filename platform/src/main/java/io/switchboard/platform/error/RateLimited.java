package io.switchboard.platform.error;

/** The caller went over a rate limit; it may retry after {@link #retryAfterSeconds()}. */
public final class RateLimited extends SwitchboardException {

  private final long retryAfterSeconds;

  public RateLimited(String detail, long retryAfterSeconds) {
    super("rate-limited", detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
