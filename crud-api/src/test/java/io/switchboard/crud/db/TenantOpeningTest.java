package io.switchboard.crud.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.crud.db.TenantTransactions.WorkStart;
import io.switchboard.crud.tenant.Modules;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.ModuleDisabled;
import io.switchboard.platform.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The message that opens a tenant transaction")
class TenantOpeningTest {

  private Vertx vertx;
  // One connection, so that what one transaction leaves behind would meet the next.
  private Pool pool;
  private TenantTransactions tx;
  private final String tenant = "open-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    Migrations.migrate(vertx, TestServices.postgresUrl()).await();
    pool = TenantDataPool.create(vertx, TestServices.postgresUrl(), 1);
    tx = new TenantTransactions(pool);
    tx.inTenant(
            tenant,
            c ->
                c.preparedQuery(
                        "INSERT INTO tenants (id, name, modules) VALUES ($1, $1, ARRAY['chat'])")
                    .execute(Tuple.of(tenant)))
        .await();
  }

  @AfterEach
  void close() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "refuses a key that is not a tenant slug before anything reaches PostgreSQL, in every kind"
          + " of transaction")
  void refusesKeysThatAreNotSlugs() {
    AtomicBoolean ran = new AtomicBoolean();
    for (String key :
        List.of(
            "x', true); DROP TABLE contacts; --", "Acme", "", "-acme", "a".repeat(64), "acme\n")) {
      assertThatThrownBy(
              () -> tx.inTenant(key, c -> Future.succeededFuture(ran.getAndSet(true))).await())
          .as(key)
          .isInstanceOf(Invalid.class);
      assertThatThrownBy(
              () ->
                  tx.readInOneTrip(key, reads -> Future.succeededFuture(ran.getAndSet(true)))
                      .await())
          .as(key)
          .isInstanceOf(Invalid.class);
    }
    assertThatThrownBy(
            () -> tx.inTenant(null, c -> Future.succeededFuture(ran.getAndSet(true))).await())
        .isInstanceOf(Invalid.class);

    assertThat(ran).as("no work ran").isFalse();
    // The table is still there.
    assertThat(pool.query("SELECT count(*) FROM contacts").execute().await()).hasSize(1);
    // The connection still serves the tenant afterwards.
    assertThat(tx.inTenant(tenant, c -> c.query("SELECT 1").execute()).await()).hasSize(1);
  }

  @Test
  @DisplayName("runs its check as the tenant, after entering it")
  void checkRunsAsTheTenant() {
    AtomicReference<Row> seen = new AtomicReference<>();
    OpeningCheck recording =
        new OpeningCheck() {
          @Override
          public String sql(String tenantKey) {
            return "SELECT current_setting('app.tenant_id') AS t, current_user AS u, '"
                + tenantKey
                + "' AS key, (SELECT count(*) FROM tenants) AS visible";
          }

          @Override
          public Future<Void> verdict(RowSet<Row> rows) {
            seen.set(rows.iterator().next());
            return Future.succeededFuture();
          }
        };

    tx.readInOneTrip(tenant, recording, reads -> reads.execute("SELECT 1", Tuple.tuple())).await();

    assertThat(seen.get().getString("t")).isEqualTo(tenant);
    assertThat(seen.get().getString("key")).isEqualTo(tenant);
    assertThat(seen.get().getString("u")).isEqualTo(TenantTransactions.APP_ROLE);
    // Row-level security applies to the check: it sees its own tenant's row and no other.
    assertThat(seen.get().getLong("visible")).isEqualTo(1L);
  }

  @Test
  @DisplayName(
      "a module switched off refuses a read with the refusal, not the rows, and a change before"
          + " any of its statements runs")
  void moduleCheckRefuses() {
    OpeningCheck voice = Modules.switchedOn(Modules.VOICE);
    OpeningCheck chat = Modules.switchedOn(Modules.CHAT);
    String insert = "INSERT INTO contacts (tenant_id, name) VALUES ($1, 'made') RETURNING id";

    assertThatThrownBy(
            () ->
                tx.readInOneTrip(
                        tenant, voice, reads -> reads.execute("SELECT 1 AS one", Tuple.tuple()))
                    .await())
        .isInstanceOf(ModuleDisabled.class)
        .hasMessageContaining("voice");
    assertThatThrownBy(
            () ->
                tx.inTenant(
                        tenant,
                        voice,
                        WorkStart.WITH_CHECK,
                        (c, commit) -> c.query("SELECT 1 AS one").execute())
                    .await())
        .isInstanceOf(ModuleDisabled.class);
    AtomicBoolean ran = new AtomicBoolean();
    assertThatThrownBy(
            () ->
                tx.inTenant(
                        tenant,
                        voice,
                        WorkStart.AFTER_CHECK,
                        (c, commit) -> {
                          ran.set(true);
                          return c.preparedQuery(insert).execute(Tuple.of(tenant));
                        })
                    .await())
        .isInstanceOf(ModuleDisabled.class);
    assertThat(ran).as("the refused change's work was never started").isFalse();

    // The switched-on module lets both through, on the same connection.
    assertThat(
            tx.readInOneTrip(tenant, chat, reads -> reads.execute("SELECT 1 AS one", Tuple.tuple()))
                .await())
        .hasSize(1);
    tx.inTenant(
            tenant,
            chat,
            WorkStart.AFTER_CHECK,
            (c, commit) -> c.preparedQuery(insert).execute(Tuple.of(tenant)))
        .await();
    long made =
        tx.inTenant(tenant, c -> c.query("SELECT count(*) AS n FROM contacts").execute())
            .await()
            .iterator()
            .next()
            .getLong("n");
    assertThat(made).isEqualTo(1L);
  }

  @Test
  @DisplayName("a tenant without a row yet has every module, as the schema's default says")
  void newTenantHasEveryModule() {
    String fresh = "open-new-" + UUID.randomUUID().toString().substring(0, 8);
    for (String module : Modules.ALL) {
      assertThat(
              tx.readInOneTrip(
                      fresh,
                      Modules.switchedOn(module),
                      reads -> reads.execute("SELECT 1 AS one", Tuple.tuple()))
                  .await())
          .hasSize(1);
    }
  }
}
