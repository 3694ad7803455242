package io.switchboard.hub.presence;

import static io.switchboard.hub.redis.TenantRedis.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.switchboard.hub.redis.MutableClock;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What every {@link PresenceManager} does, whoever keeps the entries. */
abstract class PresenceContract {

  static final String CHANNEL = "room:1";
  static final Duration TTL = Duration.ofSeconds(30);

  MutableClock clock;
  PresenceManager presence;

  /** A manager whose entries live {@code ttl}, on {@code clock}. */
  abstract PresenceManager manager(Duration ttl, MutableClock clock);

  /** A tenant of this test alone. */
  abstract String tenant();

  @BeforeEach
  void openManager() {
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    presence = manager(TTL, clock);
  }

  static PresenceEntry entry(String clientId, String userId) {
    return new PresenceEntry(clientId, userId, new JsonObject().put("device", "web-" + clientId));
  }

  @Test
  @DisplayName("lists every connection in the channel and counts clients and users")
  void addGetStatsRemove() {
    String tenant = tenant();
    await(presence.add(tenant, CHANNEL, entry("c1", "alice")));
    await(presence.add(tenant, CHANNEL, entry("c2", "alice")));
    await(presence.add(tenant, CHANNEL, entry("c3", "bob")));

    assertThat(await(presence.get(tenant, CHANNEL)))
        .containsExactlyInAnyOrder(entry("c1", "alice"), entry("c2", "alice"), entry("c3", "bob"));
    assertThat(await(presence.stats(tenant, CHANNEL))).isEqualTo(new PresenceStats(3, 2));

    await(presence.remove(tenant, CHANNEL, "c3"));
    await(presence.remove(tenant, CHANNEL, "never-there"));
    assertThat(await(presence.get(tenant, CHANNEL)))
        .containsExactlyInAnyOrder(entry("c1", "alice"), entry("c2", "alice"));
    assertThat(await(presence.stats(tenant, CHANNEL))).isEqualTo(new PresenceStats(2, 1));
    assertThat(await(presence.stats(tenant, "empty-room"))).isEqualTo(new PresenceStats(0, 0));
    assertThat(await(presence.get(tenant, "empty-room"))).isEmpty();
  }

  @Test
  @DisplayName("refreshing a connection replaces its info")
  void addRefreshes() {
    String tenant = tenant();
    await(presence.add(tenant, CHANNEL, entry("c1", "alice")));
    PresenceEntry updated = new PresenceEntry("c1", "alice", new JsonObject().put("device", "ios"));
    await(presence.add(tenant, CHANNEL, updated));
    assertThat(await(presence.get(tenant, CHANNEL))).containsExactly(updated);
  }

  @Test
  @DisplayName("drops connections not refreshed within the ttl, and keeps those refreshed")
  void expiresByClock() {
    String tenant = tenant();
    await(presence.add(tenant, CHANNEL, entry("c1", "alice")));
    clock.advance(TTL.dividedBy(2));
    await(presence.add(tenant, CHANNEL, entry("c2", "bob")));
    clock.advance(TTL.dividedBy(2));

    assertThat(await(presence.get(tenant, CHANNEL))).containsExactly(entry("c2", "bob"));
    assertThat(await(presence.stats(tenant, CHANNEL))).isEqualTo(new PresenceStats(1, 1));

    clock.advance(TTL);
    assertThat(await(presence.stats(tenant, CHANNEL))).isEqualTo(new PresenceStats(0, 0));
    assertThat(await(presence.get(tenant, CHANNEL))).isEmpty();
  }

  @Test
  @DisplayName("a channel of the same name in another tenant shares nothing")
  void tenantsApart() {
    String tenant = tenant();
    String other = "other-" + UUID.randomUUID();
    await(presence.add(tenant, CHANNEL, entry("c1", "alice")));
    await(presence.add(other, CHANNEL, entry("c9", "mallory")));

    assertThat(await(presence.get(tenant, CHANNEL))).containsExactly(entry("c1", "alice"));
    assertThat(await(presence.get(other, CHANNEL))).containsExactly(entry("c9", "mallory"));
    await(presence.remove(other, CHANNEL, "c1"));
    assertThat(await(presence.get(tenant, CHANNEL))).containsExactly(entry("c1", "alice"));
    await(presence.remove(other, CHANNEL, "c9"));
  }

  @Test
  @DisplayName("refuses a ttl under a millisecond")
  void refusesZeroTtl() {
    assertThatIllegalArgumentException().isThrownBy(() -> manager(Duration.ZERO, clock));
  }
}
