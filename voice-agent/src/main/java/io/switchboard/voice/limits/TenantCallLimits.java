package io.switchboard.voice.limits;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * Calls a tenant holds at once across the cluster: a Redis sorted set per tenant of call ids scored
 * by when their lease runs out. A live call renews its lease; a node that dies stops renewing, and
 * its calls age out after {@link #LEASE_MS} instead of holding the tenant's places forever.
 */
public final class TenantCallLimits {

  /** How long a call's place lasts without renewal. */
  public static final long LEASE_MS = 60_000;

  /** How often a live call renews its place. */
  public static final long RENEW_MS = LEASE_MS / 3;

  // Drops expired places, then takes one if the tenant is under its limit: one atomic step.
  private static final String ACQUIRE =
      "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])\n"
          + "if redis.call('ZSCORE', KEYS[1], ARGV[3]) then\n"
          + "  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3]) return 1 end\n"
          + "if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end\n"
          + "redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])\n"
          + "redis.call('PEXPIRE', KEYS[1], ARGV[5])\n"
          + "return 1";

  private final RedisAPI redis;
  private final int maxPerTenant;

  public TenantCallLimits(RedisAPI redis, int maxPerTenant) {
    this.redis = redis;
    this.maxPerTenant = maxPerTenant;
  }

  /** Takes (or renews) a place for {@code callKey}; false when the tenant is at its limit. */
  public Future<Boolean> acquire(String tenant, String callKey) {
    long now = System.currentTimeMillis();
    return redis
        .eval(
            List.of(
                ACQUIRE,
                "1",
                key(tenant),
                Long.toString(now),
                Integer.toString(maxPerTenant),
                callKey,
                Long.toString(now + LEASE_MS),
                Long.toString(LEASE_MS)))
        .map(reply -> reply != null && reply.toInteger() == 1);
  }

  /** Gives the place back. */
  public Future<Void> release(String tenant, String callKey) {
    return redis.zrem(List.of(key(tenant), callKey)).mapEmpty();
  }

  /** Places the tenant holds now. */
  public Future<Long> count(String tenant) {
    return redis
        .zcount(key(tenant), Long.toString(System.currentTimeMillis()), "+inf")
        .map(Response::toLong);
  }

  private static String key(String tenant) {
    return "voice:calls:{" + tenant + "}";
  }
}
