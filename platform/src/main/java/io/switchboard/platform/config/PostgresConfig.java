package io.switchboard.platform.config;

/**
 * Where tenant data lives.
 *
 * @param url {@code postgresql://user:password@host:port/database}, or empty to embed one
 * @param poolSize connections per pool
 * @param healthTimeoutMs how long the readiness probe waits for an answer
 * @param embeddedDurable whether the embedded PostgreSQL flushes every commit to disk before it is
 *     acknowledged (false trades crash safety for write speed)
 */
public record PostgresConfig(
    String url, int poolSize, int healthTimeoutMs, boolean embeddedDurable) {

  public PostgresConfig {
    Checks.require(
        url.isEmpty() || url.startsWith("postgresql://") || url.startsWith("postgres://"),
        "postgres.url",
        "must start with postgresql://, got '" + url + "'");
    Checks.range(poolSize, 1, 1_000, "postgres.pool-size");
    Checks.range(healthTimeoutMs, 50, 60_000, "postgres.health-timeout-ms");
  }

  /** True when no server is configured and the node should run its own. */
  public boolean embedded() {
    return url.isEmpty();
  }

  /** The same settings pointing at {@code newUrl}. */
  public PostgresConfig withUrl(String newUrl) {
    return new PostgresConfig(newUrl, poolSize, healthTimeoutMs, embeddedDurable);
  }
}
