package io.switchboard.hub.availability;

import static io.switchboard.hub.redis.TenantRedis.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.hub.redis.HubKeys;
import io.switchboard.hub.redis.MutableClock;
import io.switchboard.hub.redis.TenantRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The connection registry")
class ConnectionRegistryTest {

  private static final Duration TTL = Duration.ofSeconds(30);

  private TenantRedis redis;
  private MutableClock clock;
  private ConnectionRegistry registry;

  @BeforeEach
  void open() {
    redis = TenantRedis.open();
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    registry = new ConnectionRegistry(redis.redis(), new ConnectionLimits(2, 3, TTL), clock);
  }

  @AfterEach
  void close() {
    redis.close();
  }

  private int tenantConnections() {
    return redis.send(Command.ZCARD, HubKeys.key(redis.tenant(), "conn", "tenant")).toInteger();
  }

  @Test
  @DisplayName("refuses a user's connection over the per-user limit and registers nothing")
  void userLimit() {
    String tenant = redis.tenant();
    await(registry.admit(tenant, "alice", "c1"));
    await(registry.admit(tenant, "alice", "c2"));
    await(registry.admit(tenant, "alice", "c2")); // the same connection again is not a new one

    assertThatThrownBy(() -> await(registry.admit(tenant, "alice", "c3")))
        .isInstanceOfSatisfying(
            ConnectionLimitExceeded.class,
            e -> {
              assertThat(e.scope()).isEqualTo(ConnectionLimitExceeded.Scope.USER);
              assertThat(e.scope().wire()).isEqualTo("user");
              assertThat(e.limit()).isEqualTo(2);
            });
    assertThat(await(registry.liveConnections(tenant, "alice"))).isEqualTo(2);
    assertThat(tenantConnections()).isEqualTo(2);
  }

  @Test
  @DisplayName("refuses a connection over the per-tenant limit and registers nothing")
  void tenantLimit() {
    String tenant = redis.tenant();
    await(registry.admit(tenant, "alice", "c1"));
    await(registry.admit(tenant, "bob", "c2"));
    await(registry.admit(tenant, "carol", "c3"));

    assertThatThrownBy(() -> await(registry.admit(tenant, "dave", "c4")))
        .isInstanceOfSatisfying(
            ConnectionLimitExceeded.class,
            e -> assertThat(e.scope()).isEqualTo(ConnectionLimitExceeded.Scope.TENANT));
    assertThat(await(registry.liveConnections(tenant, "dave"))).isZero();
    assertThat(tenantConnections()).isEqualTo(3);
  }

  @Test
  @DisplayName("release says whether the user is still connected elsewhere")
  void release() {
    String tenant = redis.tenant();
    await(registry.admit(tenant, "alice", "c1"));
    await(registry.admit(tenant, "alice", "c2"));

    assertThat(await(registry.release(tenant, "alice", "c1"))).isTrue();
    assertThat(await(registry.liveConnections(tenant, "alice"))).isOne();
    assertThat(await(registry.release(tenant, "alice", "c2"))).isFalse();
    assertThat(await(registry.liveConnections(tenant, "alice"))).isZero();
    assertThat(tenantConnections()).isZero();
  }

  @Test
  @DisplayName("stops counting a connection that is not touched within the ttl")
  void deadConnectionExpires() {
    String tenant = redis.tenant();
    await(registry.admit(tenant, "alice", "dead"));
    await(registry.admit(tenant, "alice", "alive"));
    clock.advance(TTL.dividedBy(2));
    await(registry.touch(tenant, "alice", "alive"));
    clock.advance(TTL.dividedBy(2));

    assertThat(await(registry.liveConnections(tenant, "alice"))).isOne();
    await(registry.admit(tenant, "alice", "new")); // the dead one no longer counts
    assertThat(await(registry.liveConnections(tenant, "alice"))).isEqualTo(2);
    assertThat(tenantConnections()).isEqualTo(2);
    assertThat(await(registry.release(tenant, "alice", "alive"))).isTrue();

    clock.advance(TTL);
    assertThat(await(registry.liveConnections(tenant, "alice"))).isZero();
    assertThat(await(registry.release(tenant, "alice", "other"))).isFalse();
  }

  @Test
  @DisplayName("admits exactly the limit when many connections of one user arrive at once")
  void parallelAdmits() {
    String tenant = redis.tenant();
    List<Future<Void>> admits = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      admits.add(registry.admit(tenant, "alice", "c" + i));
    }
    TenantRedis.settle(Future.join(admits));

    assertThat(admits.stream().filter(Future::succeeded)).hasSize(2);
    assertThat(admits.stream().filter(Future::failed))
        .allSatisfy(f -> assertThat(f.cause()).isInstanceOf(ConnectionLimitExceeded.class));
    assertThat(await(registry.liveConnections(tenant, "alice"))).isEqualTo(2);
    assertThat(tenantConnections()).isEqualTo(2);
  }

  @Test
  @DisplayName("a touch keeps a connection alive and brings back one that aged out while open")
  void touchKeepsAlive() {
    String tenant = redis.tenant();
    await(registry.admit(tenant, "alice", "c1"));
    assertThat(redis.pttl(HubKeys.key(tenant, "conn", "user", "alice")))
        .isPositive()
        .isLessThanOrEqualTo(TTL.toMillis());
    clock.advance(TTL.plusSeconds(1));
    assertThat(await(registry.liveConnections(tenant, "alice"))).isZero();

    await(registry.touch(tenant, "alice", "c1"));
    assertThat(await(registry.liveConnections(tenant, "alice"))).isOne();
    assertThat(tenantConnections()).isOne();
  }
}
