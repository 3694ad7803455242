package io.switchboard.crud.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.platform.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@DisplayName("A one-trip read, sent as one message")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneTripReadTest {

  private static final String BY_NAME = "SELECT name FROM contacts WHERE name = $1";

  private Vertx vertx;
  // One connection: every read below meets what the reads before it left on it.
  private Pool pool;
  private TenantTransactions tx;
  private final String tenantA = "trip-a-" + UUID.randomUUID().toString().substring(0, 8);
  private final String tenantB = "trip-b-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    Migrations.migrate(vertx, TestServices.postgresUrl()).await();
    pool = TenantDataPool.create(vertx, TestServices.postgresUrl(), 1);
    tx = new TenantTransactions(pool);
    for (String tenant : List.of(tenantA, tenantB)) {
      tx.inTenant(
              tenant,
              c ->
                  TenantRows.insert(c, tenant)
                      .compose(
                          made ->
                              c.preparedQuery(
                                      "INSERT INTO contacts (tenant_id, name) VALUES ($1, 'shared')")
                                  .execute(Tuple.of(tenant))))
          .await();
    }
  }

  @AfterAll
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "values written into the message come back exactly, whatever quotes, backslashes or"
          + " statements they hold, and change nothing")
  void hostileValuesAreValues() {
    List<String> values =
        List.of(
            "O'Brien",
            "back\\slash \\' and \\\\",
            "'); DROP TABLE contacts; --",
            "$$ dollar $$ and $tag$",
            "E'x' ; COMMIT; SELECT 1",
            "ünïcödé ✓ 𝄞",
            "");
    for (String value : values) {
      RowSet<Row> rows =
          tx.readInOneTrip(tenantA, reads -> reads.execute("SELECT $1::text AS v", Tuple.of(value)))
              .await();
      assertThat(rows.iterator().next().getString("v")).isEqualTo(value);
    }
    assertThat(count(tenantA)).isEqualTo(1L);
  }

  @Test
  @DisplayName("numbers, booleans, UUIDs and nulls are written as literals of their own type")
  void otherLiterals() {
    UUID id = UUID.randomUUID();
    Row row =
        tx.readInOneTrip(
                tenantA,
                reads ->
                    reads.execute(
                        "SELECT $1::bigint + 1 AS n, NOT $2::boolean AS b, $3::uuid AS u,"
                            + " $4::text IS NULL AS missing, $5::int * 2 AS i",
                        Tuple.of(Long.MAX_VALUE - 1, false, id, null, -21)))
            .await()
            .iterator()
            .next();
    assertThat(row.getLong("n")).isEqualTo(Long.MAX_VALUE);
    assertThat(row.getBoolean("b")).isTrue();
    assertThat(row.getUUID("u")).isEqualTo(id);
    assertThat(row.getBoolean("missing")).isTrue();
    assertThat(row.getInteger("i")).isEqualTo(-42);
  }

  @Test
  @DisplayName(
      "timestamps read in one trip are in UTC, as every other read gives them, on a database whose"
          + " default time zone is another")
  void timestampsInUtc() {
    String database = "trip_tz_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    pool.query("CREATE DATABASE " + database).execute().await();
    Pool elsewhere = null;
    try {
      pool.query("ALTER DATABASE " + database + " SET TimeZone = 'Asia/Kolkata'").execute().await();
      String url = TestServices.postgresUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
      elsewhere = TenantDataPool.create(vertx, url, 1);
      OffsetDateTime read =
          new TenantTransactions(elsewhere)
              .readInOneTrip(
                  tenantA,
                  reads ->
                      reads.execute(
                          "SELECT timestamptz '2026-12-07 12:00:00.25+00' AS t", Tuple.tuple()))
              .await()
              .iterator()
              .next()
              .getOffsetDateTime("t");
      // As text: AssertJ compares OffsetDateTimes by their instant alone.
      assertThat(read.toString()).isEqualTo("2026-12-07T12:00:00.250Z");
      assertThat(read.getOffset()).isEqualTo(ZoneOffset.UTC);
    } finally {
      if (elsewhere != null) {
        elsewhere.close().await();
      }
      pool.query("DROP DATABASE " + database + " WITH (FORCE)").execute().await();
    }
  }

  @Test
  @DisplayName("a value not written as a literal is sent as a parameter, and the read still runs")
  void unwrittenValuesAreParameters() {
    LocalDate day = LocalDate.of(2026, 12, 7);
    Row row =
        tx.readInOneTrip(
                tenantA,
                reads ->
                    reads.execute(
                        "SELECT $1::date + 1 AS next, current_setting('app.tenant_id') AS t",
                        Tuple.of(day)))
            .await()
            .iterator()
            .next();
    assertThat(row.getLocalDate("next")).isEqualTo(day.plusDays(1));
    assertThat(row.getString("t")).isEqualTo(tenantA);
  }

  @Test
  @DisplayName(
      "one statement prepared on the connection serves every tenant, each seeing only its own rows")
  void preparedStatementKeepsTenantsApart() {
    for (int round = 0; round < 3; round++) {
      for (String tenant : List.of(tenantA, tenantB, tenantA)) {
        RowSet<Row> rows =
            tx.readInOneTrip(
                    tenant,
                    reads ->
                        reads.execute(
                            "SELECT tenant_id FROM contacts WHERE name = $1", Tuple.of("shared")))
                .await();
        List<String> seen = new ArrayList<>();
        rows.forEach(r -> seen.add(r.getString("tenant_id")));
        assertThat(seen).as(tenant).containsExactly(tenant);
      }
    }
  }

  @Test
  @DisplayName(
      "a statement that fails fails the read, and the connection goes on serving, outside any"
          + " transaction and any tenant")
  void failureLeavesTheConnectionClean() {
    assertThatThrownBy(
            () ->
                tx.readInOneTrip(
                        tenantA, reads -> reads.execute("SELECT 1 / $1::int AS x", Tuple.of(0)))
                    .await())
        .isInstanceOf(PgException.class)
        .hasMessageContaining("division by zero");

    Row after =
        pool.query(
                "SELECT current_setting('app.tenant_id', true) AS t, current_user AS u,"
                    + " now() = statement_timestamp() AS outside")
            .execute()
            .await()
            .iterator()
            .next();
    assertThat(after.getString("t")).isNullOrEmpty();
    assertThat(after.getString("u")).isNotEqualTo(TenantTransactions.APP_ROLE);
    assertThat(after.getBoolean("outside")).as("no transaction left open").isTrue();
    assertThat(
            tx.readInOneTrip(tenantB, reads -> reads.execute(BY_NAME, Tuple.of("shared"))).await())
        .hasSize(1);
  }

  @Test
  @DisplayName(
      "a statement already prepared on the connection unbeknownst to the pool is found and used")
  void findsStatementsPreparedBefore() {
    String sql = "SELECT count(*) AS n FROM contacts WHERE name = $1 AND tenant_id IS NOT NULL";
    pool.query("PREPARE " + PreparedNames.name(sql) + " AS " + sql).execute().await();

    Row row =
        tx.readInOneTrip(tenantB, reads -> reads.execute(sql, Tuple.of("shared")))
            .await()
            .iterator()
            .next();

    assertThat(row.getLong("n")).isEqualTo(1L);
  }

  @Test
  @DisplayName("a one-trip read runs read-only: a statement that writes fails and writes nothing")
  void readsCannotWrite() {
    assertThatThrownBy(
            () ->
                tx.readInOneTrip(
                        tenantA,
                        reads ->
                            reads.execute(
                                "INSERT INTO contacts (tenant_id, name) VALUES ($1, 'written')"
                                    + " RETURNING name",
                                Tuple.of(tenantA)))
                    .await())
        .isInstanceOf(PgException.class)
        .hasMessageContaining("read-only transaction");
    assertThat(count(tenantA)).isEqualTo(1L);
  }

  @Test
  @DisplayName("a statement PostgreSQL cannot prepare fails the read with PostgreSQL's error")
  void unpreparableStatementFails() {
    assertThatThrownBy(
            () ->
                tx.readInOneTrip(
                        tenantA, reads -> reads.execute("SELECT nope FROM contacts", Tuple.tuple()))
                    .await())
        .isInstanceOf(PgException.class)
        .hasMessageContaining("nope");
    assertThat(count(tenantA)).isEqualTo(1L);
  }

  private long count(String tenant) {
    return tx.readInOneTrip(
            tenant, reads -> reads.execute("SELECT count(*) AS n FROM contacts", Tuple.tuple()))
        .await()
        .iterator()
        .next()
        .getLong("n");
  }
}
