package io.switchboard.hub.broker;

import static io.switchboard.hub.redis.TenantRedis.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.switchboard.hub.history.StreamPosition;
import io.switchboard.hub.history.WindowOptions;
import io.switchboard.hub.limits.BucketEmpty;
import io.switchboard.hub.limits.RateLimiter;
import io.switchboard.hub.redis.HubKeys;
import io.switchboard.hub.redis.TenantRedis;
import io.vertx.redis.client.Command;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The broker in Redis")
class RedisBrokerTest extends BrokerContract {

  private TenantRedis redis;

  @BeforeEach
  void openRedis() {
    redis = TenantRedis.open();
  }

  @AfterEach
  void closeRedis() {
    redis.close();
  }

  @Override
  Broker broker(WindowOptions options) {
    return new RedisBroker(redis.redis(), options, bus, Clock.systemUTC());
  }

  @Override
  String tenant() {
    return redis.tenant();
  }

  @Override
  void lose(String tenant, String channel) {
    redis.send(
        Command.DEL,
        HubKeys.key(tenant, "history", channel, "entries"),
        HubKeys.key(tenant, "history", channel, "meta"));
  }

  @Override
  void pass(Duration time) {
    try {
      Thread.sleep(time.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("keeps a window's keys a ttl past the last publication, trimmed to its size")
  void keysExpire() {
    Broker broker = broker(new WindowOptions(3, BYTES, Duration.ofMinutes(1), 10));
    IntStream.rangeClosed(1, 5).forEach(i -> publish(broker, "m" + i));

    String entriesKey = HubKeys.key(tenant(), "history", CHANNEL, "entries");
    String metaKey = HubKeys.key(tenant(), "history", CHANNEL, "meta");
    assertThat(redis.send(Command.ZCARD, entriesKey).toInteger()).isEqualTo(3);
    assertThat(redis.pttl(entriesKey)).isPositive().isLessThanOrEqualTo(60_000);
    assertThat(redis.pttl(metaKey)).isPositive().isLessThanOrEqualTo(60_000);
  }

  @Test
  @DisplayName("keeps its offsets after Redis forgets its scripts")
  void scriptsFlushed() {
    Broker broker = broker(OPTIONS);
    StreamPosition first = publish(broker, "a");
    redis.send(Command.SCRIPT, "FLUSH");
    StreamPosition second =
        await(broker.publish(delivery(CHANNEL, 0, ByteString.copyFromUtf8("b"))));
    assertThat(second).isEqualTo(new StreamPosition(2, first.epoch()));
  }

  @Test
  @DisplayName(
      "takes a quota's tokens from the rate limiter's bucket of that name, and a refusal leaves no"
          + " window behind")
  void quotaIsTheLimitersBucket() {
    Broker broker = broker(OPTIONS);
    RateLimiter limiter = new RateLimiter(redis.redis(), Clock.systemUTC());
    assertThat(await(limiter.tryAcquire(tenant(), QUOTA.name(), QUOTA.rate()))).isTrue();
    assertThat(await(limiter.tryAcquire(tenant(), QUOTA.name(), QUOTA.rate()))).isTrue();

    Throwable refused =
        refusal(broker.publish(delivery(CHANNEL, 0, ByteString.copyFromUtf8("x")), QUOTA));

    assertThat(refused).isInstanceOf(BucketEmpty.class);
    assertThat(
            redis
                .send(Command.EXISTS, HubKeys.key(tenant(), "history", CHANNEL, "meta"))
                .toInteger())
        .isZero();
    assertThat(redis.pttl(QUOTA.key(tenant()))).isPositive();
  }
}
