package io.switchboard.platform.health;

import io.switchboard.platform.config.PostgresConfig;
import io.switchboard.platform.config.RedisConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * Readiness probes for the dependencies a node needs: PostgreSQL answers {@code SELECT 1} and Redis
 * answers {@code PING} within their configured timeouts. A node is ready only when all answer.
 */
public final class DependencyProbes {

  /** One connection is enough to probe; more would only hold server slots. */
  private static final int PROBE_POOL_SIZE = 1;

  /** Name of the shared probe pool, also its label in the pool metrics. */
  private static final String PROBE_POOL_NAME = "health-postgres";

  private final Pool postgres;
  private final Redis redis;
  private final HealthChecks checks;

  private DependencyProbes(Pool postgres, Redis redis, HealthChecks checks) {
    this.postgres = postgres;
    this.redis = redis;
    this.checks = checks;
  }

  /** Probes for the configured PostgreSQL and Redis; call {@link #close()} when done. */
  public static DependencyProbes create(Vertx vertx, PostgresConfig pg, RedisConfig redisConfig) {
    Pool pool =
        PgBuilder.pool()
            .with(
                new PoolOptions()
                    .setMaxSize(PROBE_POOL_SIZE)
                    // one pool for every front instance, closed when the last one closes
                    .setShared(true)
                    .setName(PROBE_POOL_NAME))
            .connectingTo(PgConnectOptions.fromUri(pg.url()))
            .using(vertx)
            .build();
    Redis redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(redisConfig.url())
                .setMaxPoolSize(PROBE_POOL_SIZE)
                .setMaxPoolWaiting(16));
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register(
        "postgres",
        pg.healthTimeoutMs(),
        promise ->
            pool.query("SELECT 1")
                .execute()
                .map(rows -> Status.OK())
                .otherwise(failure -> Status.KO(reason(failure)))
                .onComplete(promise));
    checks.register(
        "redis",
        redisConfig.healthTimeoutMs(),
        promise ->
            redis
                .send(Request.cmd(Command.PING))
                .map(reply -> Status.OK())
                .otherwise(failure -> Status.KO(reason(failure)))
                .onComplete(promise));
    return new DependencyProbes(pool, redis, checks);
  }

  /** Runs every probe. */
  public HealthChecks checks() {
    return checks;
  }

  /** Closes the probe connections. */
  public Future<Void> close() {
    return Future.all(redis.close(), postgres.close()).mapEmpty();
  }

  private static io.vertx.core.json.JsonObject reason(Throwable failure) {
    return new io.vertx.core.json.JsonObject()
        .put(
            "error",
            failure.getMessage() == null
                ? failure.getClass().getSimpleName()
                : failure.getMessage());
  }
}
