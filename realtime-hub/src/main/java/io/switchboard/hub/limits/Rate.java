package io.switchboard.hub.limits;

/**
 * A token bucket kept in Redis so that every node shares it: {@code burst} tokens, refilled at
 * {@code perSecond}.
 */
public record Rate(double perSecond, int burst) {

  public Rate {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("rate must be a positive number, was " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1, was " + burst);
    }
  }
}
