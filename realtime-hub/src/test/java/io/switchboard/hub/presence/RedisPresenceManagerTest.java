package io.switchboard.hub.presence;

import static io.switchboard.hub.redis.TenantRedis.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.redis.HubKeys;
import io.switchboard.hub.redis.MutableClock;
import io.switchboard.hub.redis.TenantRedis;
import io.vertx.redis.client.Command;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Presence in Redis")
class RedisPresenceManagerTest extends PresenceContract {

  private TenantRedis redis;

  @AfterEach
  void closeRedis() {
    redis.close();
    redis = null;
  }

  // Called by the contract's set-up, before any of this class's.
  @Override
  PresenceManager manager(Duration ttl, MutableClock clock) {
    if (redis == null) {
      redis = TenantRedis.open();
    }
    return new RedisPresenceManager(redis.redis(), ttl, clock);
  }

  @Override
  String tenant() {
    return redis.tenant();
  }

  @Test
  @DisplayName(
      "keeps a channel's keys a ttl past its newest entry, and removes the dead from Redis")
  void keysExpireAndDeadAreRemoved() {
    String tenant = tenant();
    String entries = HubKeys.key(tenant, "presence", CHANNEL, "entries");
    String expiry = HubKeys.key(tenant, "presence", CHANNEL, "expiry");
    await(presence.add(tenant, CHANNEL, entry("c1", "alice")));
    assertThat(redis.pttl(entries)).isPositive().isLessThanOrEqualTo(TTL.toMillis());
    clock.advance(TTL.dividedBy(2));
    await(presence.add(tenant, CHANNEL, entry("c2", "bob")));
    clock.advance(TTL.dividedBy(2));

    assertThat(await(presence.get(tenant, CHANNEL))).containsExactly(entry("c2", "bob"));
    assertThat(redis.send(Command.HLEN, entries).toInteger()).isOne();
    assertThat(redis.send(Command.ZCARD, expiry).toInteger()).isOne();
  }
}
