package io.switchboard.hub.limits;

import static io.switchboard.hub.redis.TenantRedis.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.redis.HubKeys;
import io.switchboard.hub.redis.MutableClock;
import io.switchboard.hub.redis.TenantRedis;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The rate limiter")
class RateLimiterTest {

  /**
   * One token per ten seconds: the bucket key's expiry runs on Redis's real clock while the test
   * moves its own, so a slow refill keeps the key alive however slowly the test runs.
   */
  private static final Rate RATE = new Rate(0.1, 3);

  private TenantRedis redis;
  private MutableClock clock;
  private RateLimiter limiter;

  @BeforeEach
  void open() {
    redis = TenantRedis.open();
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    limiter = new RateLimiter(redis.redis(), clock);
  }

  @AfterEach
  void close() {
    redis.close();
  }

  private boolean acquire() {
    return await(limiter.tryAcquire(redis.tenant(), "send", RATE));
  }

  @Test
  @DisplayName("allows a burst, then refuses, then allows again as tokens refill")
  void burstRefusalRefill() {
    assertThat(acquire()).isTrue();
    assertThat(acquire()).isTrue();
    assertThat(acquire()).isTrue();
    assertThat(acquire()).isFalse();
    assertThat(await(limiter.retryAfter(redis.tenant(), "send", RATE)))
        .isEqualTo(Duration.ofSeconds(10));

    clock.advance(Duration.ofSeconds(5));
    assertThat(acquire()).isFalse();
    assertThat(await(limiter.retryAfter(redis.tenant(), "send", RATE)))
        .isEqualTo(Duration.ofSeconds(5));

    clock.advance(Duration.ofSeconds(5));
    assertThat(acquire()).isTrue();
    assertThat(acquire()).isFalse();
  }

  @Test
  @DisplayName("keeps each tenant's and name's bucket apart")
  void separateBuckets() {
    Rate one = new Rate(0.1, 1);
    assertThat(await(limiter.tryAcquire(redis.tenant(), "send", one))).isTrue();
    assertThat(await(limiter.tryAcquire(redis.tenant(), "send", one))).isFalse();
    assertThat(await(limiter.tryAcquire(redis.tenant(), "join", one))).isTrue();
  }

  @Test
  @DisplayName("takes from several buckets at once, or from none when one is empty")
  void allOrNone() {
    Bucket user = new Bucket("publish:alice", new Rate(0.1, 2));
    Bucket tenant = new Bucket("publish", new Rate(0.1, 3));
    Bucket other = new Bucket("publish:bob", new Rate(0.1, 2));

    assertThat(await(limiter.tryAcquireAll(redis.tenant(), user, tenant))).isNull();
    assertThat(await(limiter.tryAcquireAll(redis.tenant(), user, tenant))).isNull();
    // Alice's bucket is empty: refused by name, and the tenant's bucket keeps its last token.
    assertThat(await(limiter.tryAcquireAll(redis.tenant(), user, tenant)))
        .isEqualTo("publish:alice");
    assertThat(await(limiter.tryAcquireAll(redis.tenant(), other, tenant))).isNull();
    // Now the tenant's bucket is the empty one.
    assertThat(await(limiter.tryAcquireAll(redis.tenant(), other, tenant))).isEqualTo("publish");
    assertThat(await(limiter.retryAfter(redis.tenant(), "publish:bob", other.rate())))
        .isEqualTo(Duration.ZERO);

    clock.advance(Duration.ofSeconds(10));
    assertThat(await(limiter.tryAcquireAll(redis.tenant(), user, tenant))).isNull();
    assertThat(await(limiter.tryAcquireAll(redis.tenant(), user, tenant))).isNotNull();
  }

  @Test
  @DisplayName("lets a bucket's key expire when it would be full again")
  void keyExpiresWhenFull() {
    String key = HubKeys.key(redis.tenant(), "rl", "send");
    assertThat(acquire()).isTrue();
    assertThat(redis.pttl(key)).isPositive().isLessThanOrEqualTo(10_000);

    clock.advance(Duration.ofSeconds(100));
    assertThat(await(limiter.retryAfter(redis.tenant(), "send", RATE))).isZero();
    assertThat(redis.pttl(key)).isEqualTo(-2);
  }
}
