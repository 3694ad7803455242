package io.switchboard.hub.availability;

import java.time.Duration;

/**
 * How many live connections one user and one tenant may hold, and how long a connection stays live
 * without a touch.
 */
public record ConnectionLimits(int perUser, int perTenant, Duration ttl) {

  public ConnectionLimits {
    if (perUser < 1 || perTenant < 1) {
      throw new IllegalArgumentException(
          "connection limits must be at least 1, were perUser="
              + perUser
              + " perTenant="
              + perTenant);
    }
    if (ttl == null || ttl.toMillis() < 1) {
      throw new IllegalArgumentException("connection ttl must be at least 1 ms, was " + ttl);
    }
  }
}
