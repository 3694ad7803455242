package io.switchboard.crud.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The crud role's pool")
class TenantDataPoolTest {

  private Vertx vertx;
  // One connection, so that every statement below meets the same PostgreSQL session.
  private Pool pool;
  private TenantTransactions tx;
  private final String tenant = "pool-" + UUID.randomUUID().toString().substring(0, 8);

  private static final String PLAN_CACHE_MODE = "SELECT current_setting('plan_cache_mode') AS mode";

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    Migrations.migrate(vertx, TestServices.postgresUrl()).await();
    pool = TenantDataPool.create(vertx, TestServices.postgresUrl(), 1);
    tx = new TenantTransactions(pool);
  }

  @AfterEach
  void close() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  @DisplayName("keeps each statement prepared on its connection, long ones included")
  void keepsStatementsPrepared() {
    // Longer than the client's default limit for statements it keeps (2,048 characters).
    String longRead =
        "SELECT name FROM contacts WHERE id = $1 AND name <> '" + "x".repeat(3_000) + "'";
    for (int i = 0; i < 3; i++) {
      tx.inTenant(tenant, c -> Statements.of(c).execute(longRead, Tuple.of(UUID.randomUUID())))
          .await();
    }

    List<String> prepared = new ArrayList<>();
    for (Row row : pool.query("SELECT statement FROM pg_prepared_statements").execute().await()) {
      prepared.add(row.getString("statement"));
    }
    assertThat(prepared).contains(longRead);
  }

  @Test
  @DisplayName(
      "a one-trip read prepares its statement once on the connection, by name, and runs it by name"
          + " every time after")
  void oneTripReadPreparesOnce() {
    String longRead =
        "SELECT name FROM contacts WHERE id = $1 AND name <> '" + "y".repeat(3_000) + "'";
    for (int i = 0; i < 3; i++) {
      tx.readInOneTrip(tenant, reads -> reads.execute(longRead, Tuple.of(UUID.randomUUID())))
          .await();
    }

    Row kept =
        pool.query(
                "SELECT name, from_sql, generic_plans + custom_plans AS runs"
                    + " FROM pg_prepared_statements WHERE starts_with(name, 'sb_read_')")
            .execute()
            .await()
            .iterator()
            .next();
    assertThat(kept.getString("name")).isEqualTo(PreparedNames.name(longRead));
    assertThat(kept.getBoolean("from_sql")).isTrue();
    assertThat(kept.getLong("runs")).isEqualTo(3L);
  }

  @Test
  @DisplayName(
      "a one-trip read plans its statements once, and the setting ends with its transaction")
  void oneTripReadUsesKeptPlans() {
    String during =
        mode(tx.readInOneTrip(tenant, reads -> reads.execute(PLAN_CACHE_MODE, Tuple.tuple())));
    String after = mode(pool.query(PLAN_CACHE_MODE).execute());
    String inWrite = mode(tx.inTenant(tenant, c -> c.query(PLAN_CACHE_MODE).execute()));

    assertThat(during).isEqualTo("force_generic_plan");
    assertThat(after).isEqualTo("auto");
    assertThat(inWrite).isEqualTo("auto");
  }

  private static String mode(Future<RowSet<Row>> rows) {
    return rows.await().iterator().next().getString("mode");
  }
}
