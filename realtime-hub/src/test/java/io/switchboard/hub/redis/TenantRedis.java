package io.switchboard.hub.redis;

import io.switchboard.platform.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client of the test Redis and a random tenant of its own, so that tests never see each other's
 * keys; {@link #close()} deletes every key of the tenant.
 */
public final class TenantRedis implements AutoCloseable {

  private static final long TIMEOUT_SECONDS = 10;

  /** Room for the 50 requests of the parallel-append test; the default queue holds 24. */
  private static final int MAX_POOL_WAITING = 128;

  private final Vertx vertx;
  private final Redis redis;
  private final String tenant;

  private TenantRedis(Vertx vertx, Redis redis, String tenant) {
    this.vertx = vertx;
    this.redis = redis;
    this.tenant = tenant;
  }

  public static TenantRedis open() {
    Vertx vertx = Vertx.vertx();
    Redis redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(TestServices.redisUrl())
                .setMaxPoolWaiting(MAX_POOL_WAITING));
    return new TenantRedis(vertx, redis, "t-" + UUID.randomUUID());
  }

  public Redis redis() {
    return redis;
  }

  public String tenant() {
    return tenant;
  }

  /** The future's result, failing the test after a timeout. */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer from Redis within " + TIMEOUT_SECONDS + " s", e);
    }
  }

  /** Waits until the future completes, whether it succeeds or fails. */
  public static void settle(Future<?> future) {
    await(future.otherwiseEmpty());
  }

  /** Sends one command and waits for its reply. */
  public Response send(Command command, Object... args) {
    return await(redis.send(Request.cmd(command, args)));
  }

  /** Every key of this test's tenant. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    String cursor = "0";
    do {
      Response page = send(Command.SCAN, cursor, "MATCH", HubKeys.pattern(tenant), "COUNT", 1000);
      cursor = page.get(0).toString();
      page.get(1).forEach(key -> keys.add(key.toString()));
    } while (!cursor.equals("0"));
    return keys;
  }

  /** Milliseconds before {@code key} expires (-1 without expiry, -2 when missing). */
  public long pttl(String key) {
    return send(Command.PTTL, key).toLong();
  }

  @Override
  public void close() {
    try {
      List<String> keys = keys();
      if (!keys.isEmpty()) {
        send(Command.DEL, keys.toArray());
      }
      await(redis.close());
    } finally {
      await(vertx.close());
    }
  }
}
