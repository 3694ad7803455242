package io.switchboard.hub.availability;

import static io.switchboard.hub.redis.TenantRedis.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.hub.redis.MutableClock;
import io.switchboard.hub.redis.TenantRedis;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Agents' availability")
class AvailabilityStoreTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private TenantRedis redis;
  private MutableClock clock;
  private AvailabilityStore store;

  @BeforeEach
  void open() {
    redis = TenantRedis.open();
    clock = new MutableClock(START);
    store = new AvailabilityStore(redis.redis(), clock);
  }

  @AfterEach
  void close() {
    redis.close();
  }

  @Test
  @DisplayName("is offline since the epoch for an agent never seen")
  void neverSet() {
    assertThat(await(store.get(redis.tenant(), "alice")))
        .isEqualTo(new AvailabilityState("alice", Availability.OFFLINE, Instant.EPOCH));
    assertThat(await(store.all(redis.tenant()))).isEmpty();
  }

  @Test
  @DisplayName("changes with its time, and keeps its time when set to the same status")
  void setAndGet() {
    String tenant = redis.tenant();
    AvailabilityState online = await(store.set(tenant, "alice", Availability.ONLINE));
    assertThat(online).isEqualTo(new AvailabilityState("alice", Availability.ONLINE, START));

    clock.advance(Duration.ofMinutes(5));
    assertThat(await(store.set(tenant, "alice", Availability.ONLINE))).isEqualTo(online);
    assertThat(await(store.get(tenant, "alice"))).isEqualTo(online);

    AvailabilityState busy = await(store.set(tenant, "alice", Availability.BUSY));
    assertThat(busy)
        .isEqualTo(
            new AvailabilityState("alice", Availability.BUSY, START.plus(Duration.ofMinutes(5))));
    assertThat(await(store.get(tenant, "alice"))).isEqualTo(busy);
  }

  @Test
  @DisplayName("lists every agent of the tenant")
  void all() {
    String tenant = redis.tenant();
    AvailabilityState alice = await(store.set(tenant, "alice", Availability.AWAY));
    AvailabilityState bob = await(store.set(tenant, "bob", Availability.OFFLINE));
    assertThat(await(store.all(tenant))).containsExactlyInAnyOrder(alice, bob);
  }

  @Test
  @DisplayName("statuses travel in lower case and unknown ones are refused by name")
  void wire() {
    assertThat(Availability.BUSY.wire()).isEqualTo("busy");
    assertThat(Availability.parse("away")).isEqualTo(Availability.AWAY);
    assertThatThrownBy(() -> Availability.parse("sleeping"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sleeping")
        .hasMessageContaining("online, busy, away, offline");
  }
}
