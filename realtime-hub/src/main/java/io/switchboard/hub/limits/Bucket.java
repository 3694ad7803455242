package io.switchboard.hub.limits;

import io.switchboard.hub.redis.HubKeys;

/**
 * One of a tenant's token buckets.
 *
 * @param name its name within the tenant ({@code publish}, {@code publish:<user>})
 * @param rate how it refills
 */
public record Bucket(String name, Rate rate) {

  /** Its key in Redis: {@code hub:{tenant}:rl:<name>}, a HASH of {@code tokens} and {@code ts}. */
  public String key(String tenant) {
    return HubKeys.key(tenant, "rl", name);
  }
}
