package io.switchboard.platform.testing;

/**
 * Where tests find the real PostgreSQL and Redis: the machine's own at their standard ports unless
 * {@code SWITCHBOARD_TEST_PG_URL} / {@code SWITCHBOARD_TEST_REDIS_URL} say otherwise.
 */
public final class TestServices {

  /** Default test database: the local server, trust auth, database {@code test}. */
  public static final String DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test";

  /** Default test Redis. */
  public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

  private TestServices() {}

  /** PostgreSQL URL for tests. */
  public static String postgresUrl() {
    return envOr("SWITCHBOARD_TEST_PG_URL", DEFAULT_PG_URL);
  }

  /** Redis URL for tests. */
  public static String redisUrl() {
    return envOr("SWITCHBOARD_TEST_REDIS_URL", DEFAULT_REDIS_URL);
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
