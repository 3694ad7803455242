package io.switchboard.crud.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.crud.db.Migrations;
import io.switchboard.crud.db.OpeningCheck;
import io.switchboard.crud.db.TenantDataPool;
import io.switchboard.crud.db.TenantRows;
import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.bus.BusCodecs;
import io.switchboard.platform.bus.EventAddresses;
import io.switchboard.platform.error.ModuleDisabled;
import io.switchboard.platform.testing.TestServices;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The node's knowledge of its tenants' modules")
class ModuleSwitchesTest {

  private Vertx vertx;
  private Pool pool;
  private TenantTransactions tx;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private ModuleSwitches switches;
  private OpeningCheck voice;
  private final String tenant = "switch-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void start() {
    vertx = BusCodecs.register(Vertx.vertx());
    Migrations.migrate(vertx, TestServices.postgresUrl()).await();
    pool = TenantDataPool.create(vertx, TestServices.postgresUrl(), 2);
    tx = new TenantTransactions(pool);
    switches = new ModuleSwitches(now::get);
    voice = switches.switchedOn(Modules.VOICE);
    tx.inTenant(tenant, c -> TenantRows.insert(c, tenant)).await();
  }

  @AfterEach
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "a verdict read once answers the next transactions without asking, until the tenant's"
          + " modules are forgotten")
  void keepsAVerdictUntilForgotten() {
    assertThat(read()).isTrue();
    // Switched off behind the node's back (no change event): the kept verdict still answers.
    setModules("chat");
    assertThat(read()).as("answered from what the node knows").isTrue();

    switches.forget(tenant);

    assertThatThrownBy(this::read).isInstanceOf(ModuleDisabled.class);
  }

  @Test
  @DisplayName("a refusal it knows fails the work before anything reaches PostgreSQL")
  void knownRefusalRunsNothing() {
    setModules("chat");
    assertThatThrownBy(this::read).isInstanceOf(ModuleDisabled.class);
    AtomicBoolean ran = new AtomicBoolean();

    assertThatThrownBy(
            () ->
                tx.readInOneTrip(
                        tenant,
                        voice,
                        reads -> {
                          ran.set(true);
                          return Future.succeededFuture();
                        })
                    .await())
        .isInstanceOf(ModuleDisabled.class);
    assertThat(ran).isFalse();
  }

  @Test
  @DisplayName("a verdict is asked again once it has been kept for its longest")
  void verdictsExpire() {
    assertThat(read()).isTrue();
    setModules("chat");

    now.addAndGet(ModuleSwitches.KEPT.minus(Duration.ofMillis(1)).toNanos());
    assertThat(read()).isTrue();
    now.addAndGet(Duration.ofMillis(2).toNanos());

    assertThatThrownBy(this::read).isInstanceOf(ModuleDisabled.class);
  }

  @Test
  @DisplayName("a change announced on the bus, from any node, makes it forget the tenant")
  void forgetsOnTheTenantsChangeEvent() {
    switches.listen(vertx.eventBus()).await();
    assertThat(read()).isTrue();
    setModules("chat");
    announce("conversation.updated", tenant);
    announce("tenant.updated", "another-tenant");
    // Consumers run on an event loop: give them time to act, were they to.
    vertx.timer(200).await();
    assertThat(read()).as("other events and other tenants change nothing").isTrue();

    announce("tenant.updated", tenant);

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (voice.forTransaction(tenant) == null && System.nanoTime() < deadline) {
      vertx.timer(10).await();
    }
    assertThatThrownBy(this::read).isInstanceOf(ModuleDisabled.class);
  }

  @Test
  @DisplayName("a verdict read while a change was heard is not kept: it may be from before it")
  void verdictAskedBeforeAChangeIsNotKept() {
    OpeningCheck asked = voice.forTransaction(tenant);
    assertThat(asked).as("nothing known yet: the opening asks").isNotNull();
    switches.forget(tenant);
    asked.verdict(pool.query("SELECT true AS enabled").execute().await()).await();

    assertThat(voice.forTransaction(tenant)).as("still asks").isNotNull();
  }

  @Test
  @DisplayName("a tenant's change through its store forgets its modules on this node")
  void storeChangeForgets() {
    assertThat(read()).isTrue();
    TenantStore store = new TenantStore(switches);
    long version = tx.inTenant(tenant, c -> new TenantStore().find(c, tenant)).await().version();

    tx.inTenant(
            tenant,
            c ->
                store.update(
                    c,
                    new Caller(
                        tenant, "admin-1", Set.of(Role.ADMIN), Instant.now().plusSeconds(60)),
                    version,
                    new TenantStore.Change(null, null, List.of("chat"))))
        .await();

    assertThatThrownBy(this::read).isInstanceOf(ModuleDisabled.class);
  }

  private boolean read() {
    return tx.readInOneTrip(tenant, voice, reads -> reads.execute("SELECT 1 AS one", Tuple.tuple()))
        .map(rows -> rows.size() == 1)
        .await();
  }

  private void setModules(String... modules) {
    tx.inTenant(
            tenant,
            c ->
                c.preparedQuery("UPDATE tenants SET modules = $2 WHERE id = $1")
                    .execute(Tuple.of(tenant).addArrayOfString(modules)))
        .await();
  }

  private void announce(String type, String tenantId) {
    vertx
        .eventBus()
        .publish(
            EventAddresses.DOMAIN_EVENTS,
            EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTenantId(tenantId)
                .setType(type)
                .build());
  }
}
