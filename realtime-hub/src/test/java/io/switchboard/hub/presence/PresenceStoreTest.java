package io.switchboard.hub.presence;

import static io.switchboard.hub.redis.TenantRedis.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.redis.HubKeys;
import io.switchboard.hub.redis.MutableClock;
import io.switchboard.hub.redis.TenantRedis;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Presence")
class PresenceStoreTest {

  private static final String CHANNEL = "room:1";
  private static final Duration TTL = Duration.ofSeconds(30);

  private TenantRedis redis;
  private MutableClock clock;
  private PresenceStore store;

  @BeforeEach
  void open() {
    redis = TenantRedis.open();
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    store = new PresenceStore(redis.redis(), TTL, clock);
  }

  @AfterEach
  void close() {
    redis.close();
  }

  private static PresenceEntry entry(String clientId, String userId) {
    return new PresenceEntry(clientId, userId, new JsonObject().put("device", "web-" + clientId));
  }

  @Test
  @DisplayName("lists every connection in the channel and counts clients and users")
  void addGetStatsRemove() {
    String tenant = redis.tenant();
    await(store.add(tenant, CHANNEL, entry("c1", "alice")));
    await(store.add(tenant, CHANNEL, entry("c2", "alice")));
    await(store.add(tenant, CHANNEL, entry("c3", "bob")));

    assertThat(await(store.get(tenant, CHANNEL)))
        .containsExactlyInAnyOrder(entry("c1", "alice"), entry("c2", "alice"), entry("c3", "bob"));
    assertThat(await(store.stats(tenant, CHANNEL))).isEqualTo(new PresenceStats(3, 2));
    assertThat(redis.pttl(HubKeys.key(tenant, "presence", CHANNEL, "entries")))
        .isPositive()
        .isLessThanOrEqualTo(TTL.toMillis());

    await(store.remove(tenant, CHANNEL, "c3"));
    assertThat(await(store.get(tenant, CHANNEL)))
        .containsExactlyInAnyOrder(entry("c1", "alice"), entry("c2", "alice"));
    assertThat(await(store.stats(tenant, CHANNEL))).isEqualTo(new PresenceStats(2, 1));
    assertThat(await(store.stats(tenant, "empty-room"))).isEqualTo(new PresenceStats(0, 0));
  }

  @Test
  @DisplayName("refreshing a connection replaces its info")
  void addRefreshes() {
    String tenant = redis.tenant();
    await(store.add(tenant, CHANNEL, entry("c1", "alice")));
    PresenceEntry updated = new PresenceEntry("c1", "alice", new JsonObject().put("device", "ios"));
    await(store.add(tenant, CHANNEL, updated));
    assertThat(await(store.get(tenant, CHANNEL))).containsExactly(updated);
  }

  @Test
  @DisplayName("drops connections not refreshed within the ttl, from Redis too")
  void expiresByClock() {
    String tenant = redis.tenant();
    await(store.add(tenant, CHANNEL, entry("c1", "alice")));
    clock.advance(TTL.dividedBy(2));
    await(store.add(tenant, CHANNEL, entry("c2", "bob")));
    clock.advance(TTL.dividedBy(2));

    assertThat(await(store.get(tenant, CHANNEL))).containsExactly(entry("c2", "bob"));
    assertThat(
            redis
                .send(Command.HLEN, HubKeys.key(tenant, "presence", CHANNEL, "entries"))
                .toInteger())
        .isOne();
    assertThat(
            redis
                .send(Command.ZCARD, HubKeys.key(tenant, "presence", CHANNEL, "expiry"))
                .toInteger())
        .isOne();

    clock.advance(TTL);
    assertThat(await(store.stats(tenant, CHANNEL))).isEqualTo(new PresenceStats(0, 0));
  }
}
