package io.switchboard.platform.config;

/**
 * Where shared short-lived state lives (presence, rate limits, recovery windows).
 *
 * @param url {@code redis://[:password@]host:port[/db]}, or empty to embed one
 * @param healthTimeoutMs how long the readiness probe waits for PING
 */
public record RedisConfig(String url, int healthTimeoutMs) {

  public RedisConfig {
    Checks.require(
        url.isEmpty() || url.startsWith("redis://") || url.startsWith("rediss://"),
        "redis.url",
        "must start with redis:// or rediss://, got '" + url + "'");
    Checks.range(healthTimeoutMs, 50, 60_000, "redis.health-timeout-ms");
  }

  /** True when no server is configured and the node should run its own. */
  public boolean embedded() {
    return url.isEmpty();
  }

  /** The same settings pointing at {@code newUrl}. */
  public RedisConfig withUrl(String newUrl) {
    return new RedisConfig(newUrl, healthTimeoutMs);
  }
}
