package io.switchboard.hub.limits;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Token buckets in Redis, one per tenant and name ({@code hub:{tenant}:rl:<name>}, a HASH of {@code
 * tokens} and {@code ts}), shared by every node.
 *
 * <p>Time comes from the node's {@link Clock}, passed into the script, rather than from Redis TIME:
 * tests can then move time without sleeping, and nodes kept in step by NTP differ by milliseconds,
 * which at chat rates is well under one token. The script never lets a clock that lags the stored
 * time refill or drain the bucket.
 */
public final class RateLimiter {

  private final Redis redis;
  private final Clock clock;

  public RateLimiter(Redis redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  /** Takes one token from the bucket; false when it is empty. */
  public Future<Boolean> tryAcquire(String tenant, String name, Rate rate) {
    return take(tenant, name, rate, 1).map(reply -> reply.get(0).toInteger() == 1);
  }

  /**
   * Takes one token from each of {@code buckets} when every one has a token, and none otherwise, in
   * one round trip; the future holds the name of the first bucket that had none, or null when all
   * were taken.
   */
  public Future<String> tryAcquireAll(String tenant, Bucket... buckets) {
    List<String> keys = new ArrayList<>(buckets.length);
    List<Object> args = new ArrayList<>(1 + 2 * buckets.length);
    args.add(clock.millis());
    for (Bucket bucket : buckets) {
      keys.add(bucket.key(tenant));
      args.add(Double.toString(bucket.rate().perSecond()));
      args.add(bucket.rate().burst());
    }
    return RateLimitScripts.TAKE_ALL
        .run(redis, keys, args.toArray())
        .map(
            reply -> {
              int refused = reply.toInteger();
              return refused == 0 ? null : buckets[refused - 1].name();
            });
  }

  /** Time until a token is available (zero when one is), for error messages and retry hints. */
  public Future<Duration> retryAfter(String tenant, String name, Rate rate) {
    return take(tenant, name, rate, 0).map(reply -> Duration.ofMillis(reply.get(1).toLong()));
  }

  private Future<Response> take(String tenant, String name, Rate rate, int cost) {
    return RateLimitScripts.TAKE.run(
        redis,
        List.of(new Bucket(name, rate).key(tenant)),
        Double.toString(rate.perSecond()),
        rate.burst(),
        clock.millis(),
        cost);
  }
}
