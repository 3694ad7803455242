package io.switchboard.hub.limits;

/**
 * A tenant's token bucket had no token for what was asked, so it was not done. Callers turn it into
 * their protocol's rate-limit error.
 */
public final class BucketEmpty extends RuntimeException {

  private final String bucket;

  public BucketEmpty(String bucket) {
    // Refused often under load and always handled: no stack trace to fill.
    super("the " + bucket + " bucket has no token left", null, false, false);
    this.bucket = bucket;
  }

  /** The bucket's name. */
  public String bucket() {
    return bucket;
  }
}
