package io.switchboard.ai.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.MovableClock;
import io.switchboard.platform.error.RateLimited;
import io.switchboard.platform.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A tenant's AI budget per minute: requests and tokens, refused past either")
class AiBudgetTest {

  private Vertx vertx;
  private Redis redis;
  private final MovableClock clock = new MovableClock(1_800_000_000_000L);

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, TestServices.redisUrl());
  }

  @AfterEach
  void stop() {
    redis.close();
    vertx.close().await();
  }

  private AiBudget budget(String kind) {
    return "redis".equals(kind) ? new RedisAiBudget(redis, clock) : new InMemoryAiBudget(clock);
  }

  private static Throwable failure(Future<?> future) {
    return future.transform(done -> Future.succeededFuture(done.cause())).await();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "redis"})
  @DisplayName("the requests limit refuses the next request until the next minute")
  void requests(String kind) {
    AiBudget budget = budget(kind);
    String tenant = "t-" + UUID.randomUUID();
    budget.take(tenant, 10, 2, 1000).await();
    budget.take(tenant, 10, 2, 1000).await();
    Throwable refused = failure(budget.take(tenant, 10, 2, 1000));
    assertThat(refused).isInstanceOf(RateLimited.class).hasMessageContaining("requests");
    assertThat(((RateLimited) refused).retryAfterSeconds()).isBetween(1L, 60L);
    clock.add(60_000);
    budget.take(tenant, 10, 2, 1000).await();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "redis"})
  @DisplayName("the tokens limit counts what was charged and a refusal takes nothing")
  void tokens(String kind) {
    AiBudget budget = budget(kind);
    String tenant = "t-" + UUID.randomUUID();
    budget.take(tenant, 300, 100, 1000).await();
    budget.charge(tenant, 500).await();
    assertThat(failure(budget.take(tenant, 300, 100, 1000)))
        .isInstanceOf(RateLimited.class)
        .hasMessageContaining("tokens");
    // The refused 300 were not taken: 200 still fit.
    budget.take(tenant, 200, 100, 1000).await();
    assertThat(failure(budget.take(tenant, 1, 100, 1000))).isInstanceOf(RateLimited.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"redis"})
  @DisplayName("the minute's window in Redis expires")
  void expires(String kind) {
    String tenant = "t-" + UUID.randomUUID();
    budget(kind).take(tenant, 1, 10, 1000).await();
    long minute = clock.millis() / 60_000;
    long ttl =
        redis
            .send(Request.cmd(Command.TTL).arg(RedisAiBudget.key(tenant, minute)))
            .await()
            .toLong();
    assertThat(ttl).isBetween(1L, (long) RedisAiBudget.WINDOW_TTL_SECONDS);
  }
}
