package io.switchboard.hub.redis;

/**
 * Names of the hub's Redis keys: all start with {@code hub:{<tenant>}:}, the braces being a Redis
 * Cluster hash tag so that a tenant's keys share one slot and a script may touch several of them.
 */
public final class HubKeys {

  private HubKeys() {}

  /** {@code hub:{tenant}:} followed by {@code parts} joined with colons. */
  public static String key(String tenant, String... parts) {
    requireTenant(tenant);
    StringBuilder key = new StringBuilder("hub:{").append(tenant).append("}");
    for (String part : parts) {
      key.append(':').append(part);
    }
    return key.toString();
  }

  /** Pattern matching every key of the tenant, for tests and tenant deletion. */
  public static String pattern(String tenant) {
    return key(tenant) + ":*";
  }

  // A brace inside the tenant would move the hash tag and split the tenant over slots.
  private static void requireTenant(String tenant) {
    if (tenant == null || tenant.isEmpty()) {
      throw new IllegalArgumentException("tenant must not be empty");
    }
    if (tenant.indexOf('{') >= 0 || tenant.indexOf('}') >= 0 || tenant.indexOf('*') >= 0) {
      throw new IllegalArgumentException("tenant must not contain '{', '}' or '*': " + tenant);
    }
  }
}
