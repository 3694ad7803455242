package io.switchboard.crud.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.platform.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@DisplayName("Row-level security on tenant data")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowLevelSecurityTest {

  private Vertx vertx;
  private Pool pool;
  private TenantTransactions tx;
  // Fresh tenants per run: the test database is shared and never wiped.
  private final String tenantA = "rls-a-" + UUID.randomUUID().toString().substring(0, 8);
  private final String tenantB = "rls-b-" + UUID.randomUUID().toString().substring(0, 8);
  private UUID contactOfB;

  @BeforeAll
  void migrateAndSeed() {
    vertx = Vertx.vertx();
    Migrations.migrate(vertx, TestServices.postgresUrl()).await();
    pool =
        PgBuilder.pool()
            .connectingTo(PgConnectOptions.fromUri(TestServices.postgresUrl()))
            .using(vertx)
            .build();
    tx = new TenantTransactions(pool);
    seed(tenantA, "Alice of A");
    contactOfB = seed(tenantB, "Bob of B");
  }

  @AfterAll
  void close() {
    pool.close().await();
    vertx.close().await();
  }

  private UUID seed(String tenant, String contactName) {
    return tx.inTenant(
            tenant,
            c ->
                TenantRows.insert(c, tenant)
                    .compose(
                        r ->
                            c.preparedQuery(
                                    "INSERT INTO contacts (tenant_id, name) VALUES ($1, $2) RETURNING id")
                                .execute(Tuple.of(tenant, contactName)))
                    .map(rows -> rows.iterator().next().getUUID("id")))
        .await();
  }

  private List<String> contactNamesSeenBy(String tenant) {
    RowSet<Row> rows =
        tx.inTenant(tenant, c -> c.query("SELECT name FROM contacts").execute()).await();
    List<String> names = new ArrayList<>();
    rows.forEach(row -> names.add(row.getString("name")));
    return names;
  }

  @Test
  @DisplayName("a query with no tenant filter, run as tenant A, returns none of tenant B's rows")
  void unfilteredQuerySeesOwnTenantOnly() {
    assertThat(contactNamesSeenBy(tenantA)).contains("Alice of A").doesNotContain("Bob of B");
    assertThat(contactNamesSeenBy(tenantB)).contains("Bob of B").doesNotContain("Alice of A");
    List<String> tenants = new ArrayList<>();
    tx.inTenant(tenantA, c -> c.query("SELECT id FROM tenants").execute())
        .await()
        .forEach(row -> tenants.add(row.getString("id")));
    assertThat(tenants).containsExactly(tenantA);
  }

  @Test
  @DisplayName("tenant A cannot update or delete tenant B's row even knowing its id")
  void crossTenantWritesTouchNothing() {
    int updated =
        tx.inTenant(
                tenantA,
                c ->
                    c.preparedQuery("UPDATE contacts SET name = 'hijacked' WHERE id = $1")
                        .execute(Tuple.of(contactOfB)))
            .await()
            .rowCount();
    int deleted =
        tx.inTenant(
                tenantA,
                c ->
                    c.preparedQuery("DELETE FROM contacts WHERE id = $1")
                        .execute(Tuple.of(contactOfB)))
            .await()
            .rowCount();
    assertThat(updated).isZero();
    assertThat(deleted).isZero();
    assertThat(contactNamesSeenBy(tenantB)).contains("Bob of B");
  }

  @Test
  @DisplayName("tenant A cannot insert a row labelled as tenant B's")
  void crossTenantInsertRefused() {
    assertThatThrownBy(
            () ->
                tx.inTenant(
                        tenantA,
                        c ->
                            c.preparedQuery(
                                    "INSERT INTO contacts (tenant_id, name) VALUES ($1, 'x')")
                                .execute(Tuple.of(tenantB)))
                    .await())
        .isInstanceOf(PgException.class)
        .satisfies(e -> assertThat(((PgException) e).getSqlState()).isEqualTo("42501"));
  }

  @Test
  @DisplayName("a transaction with no tenant set sees no tenant rows at all")
  void noTenantNoRows() {
    RowSet<Row> rows =
        pool.withTransaction(
                c ->
                    c.query("SELECT set_config('role', 'switchboard_app', true)")
                        .execute()
                        .compose(r -> c.query("SELECT count(*) AS n FROM contacts").execute()))
            .await();
    assertThat(rows.iterator().next().getLong("n")).isZero();
  }

  @Test
  @DisplayName("the tenant setting does not outlive its transaction on a pooled connection")
  void settingIsTransactionLocal() {
    tx.inTenant(tenantA, c -> c.query("SELECT 1").execute()).await();
    RowSet<Row> rows =
        pool.query(
                "SELECT coalesce(current_setting('app.tenant_id', true), '') AS t, current_user AS u")
            .execute()
            .await();
    Row row = rows.iterator().next();
    assertThat(row.getString("t")).isEmpty();
    assertThat(row.getString("u")).isNotEqualTo(TenantTransactions.APP_ROLE);
  }

  @Test
  @DisplayName(
      "a one-trip read runs as its tenant, sees none of another tenant's rows even by id, and"
          + " leaves nothing behind on its pooled connection")
  void oneTripReadIsTenantScoped() {
    List<String> names = new ArrayList<>();
    tx.readInOneTrip(tenantA, reads -> reads.execute("SELECT name FROM contacts", Tuple.tuple()))
        .await()
        .forEach(row -> names.add(row.getString("name")));
    RowSet<Row> byId =
        tx.readInOneTrip(
                tenantA,
                reads ->
                    reads.execute("SELECT name FROM contacts WHERE id = $1", Tuple.of(contactOfB)))
            .await();
    Row settings =
        pool.query(
                "SELECT coalesce(current_setting('app.tenant_id', true), '') AS t,"
                    + " current_user AS u, now() = statement_timestamp() AS fresh")
            .execute()
            .await()
            .iterator()
            .next();

    assertThat(names).contains("Alice of A").doesNotContain("Bob of B");
    assertThat(byId).isEmpty();
    assertThat(settings.getString("t")).isEmpty();
    assertThat(settings.getString("u")).isNotEqualTo(TenantTransactions.APP_ROLE);
    assertThat(settings.getBoolean("fresh")).as("no transaction left open").isTrue();
  }

  @Test
  @DisplayName(
      "a one-trip read refuses a statement sent after its commit instead of running it outside the"
          + " tenant, and refuses writes")
  void oneTripReadRefusesLateStatementsAndWrites() {
    assertThatThrownBy(
            () ->
                tx.readInOneTrip(
                        tenantA,
                        reads ->
                            reads
                                .execute("SELECT 1", Tuple.tuple())
                                .compose(
                                    first ->
                                        // Sent from a callback: after the COMMIT, as the login
                                        // role, which row-level security would not hold back.
                                        reads.execute("SELECT name FROM contacts", Tuple.tuple())))
                    .await())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after its commit");

    assertThatThrownBy(
            () ->
                tx.readInOneTrip(
                        tenantA,
                        reads ->
                            reads.execute(
                                "UPDATE contacts SET name = 'changed' WHERE tenant_id = $1",
                                Tuple.of(tenantA)))
                    .await())
        .isInstanceOf(PgException.class)
        .satisfies(e -> assertThat(((PgException) e).getSqlState()).isEqualTo("25006"));
    assertThat(contactNamesSeenBy(tenantA)).contains("Alice of A").doesNotContain("changed");
  }

  @Test
  @DisplayName("knowledge chunks and AI turns are isolated per tenant like every other table")
  void aiTablesIsolated() {
    UUID article = UUID.randomUUID();
    tx.inTenant(
            tenantB,
            c ->
                c.preparedQuery(
                        "INSERT INTO kb_chunks (tenant_id, article_id, article_version, model,"
                            + " chunk_no, title, text, embedding)"
                            + " VALUES ($1, $2, 1, 'm', 0, 't', 'secret of B', '\\x00'::bytea)")
                    .execute(Tuple.of(tenantB, article))
                    .compose(
                        r ->
                            c.preparedQuery(
                                    "INSERT INTO ai_turns (tenant_id, kind, provider, model,"
                                        + " outcome) VALUES ($1, 'chat', 'p', 'm', 'answered')")
                                .execute(Tuple.of(tenantB))))
        .await();
    long chunksSeenByA =
        tx.inTenant(tenantA, c -> c.query("SELECT count(*) AS n FROM kb_chunks").execute())
            .await()
            .iterator()
            .next()
            .getLong("n");
    long turnsSeenByA =
        tx.inTenant(tenantA, c -> c.query("SELECT count(*) AS n FROM ai_turns").execute())
            .await()
            .iterator()
            .next()
            .getLong("n");
    int deletedByA =
        tx.inTenant(
                tenantA,
                c ->
                    c.preparedQuery("DELETE FROM kb_chunks WHERE article_id = $1")
                        .execute(Tuple.of(article)))
            .await()
            .rowCount();
    assertThat(chunksSeenByA).isZero();
    assertThat(turnsSeenByA).isZero();
    assertThat(deletedByA).isZero();
    assertThatThrownBy(
            () ->
                tx.inTenant(
                        tenantA,
                        c ->
                            c.preparedQuery(
                                    "INSERT INTO ai_turns (tenant_id, kind, provider, model,"
                                        + " outcome) VALUES ($1, 'chat', 'p', 'm', 'x')")
                                .execute(Tuple.of(tenantB)))
                    .await())
        .isInstanceOf(PgException.class)
        .satisfies(e -> assertThat(((PgException) e).getSqlState()).isEqualTo("42501"));
  }

  @Test
  @DisplayName(
      "a transaction its work commits early keeps what succeeded, runs as the tenant, and stores"
          + " nothing when a statement sent before the commit failed")
  void earlyCommit() {
    String kept = "early-" + UUID.randomUUID();
    String lost = "early-lost-" + UUID.randomUUID();
    String insert = "INSERT INTO contacts (tenant_id, name) VALUES ($1, $2)";
    tx.<Void>inTenant(
            tenantA,
            (c, commit) -> {
              Future<?> written = c.preparedQuery(insert).execute(Tuple.of(tenantA, kept));
              return Future.all(written, commit.now()).mapEmpty();
            })
        .await();
    assertThat(contactNamesSeenBy(tenantA)).contains(kept);

    // The second row belongs to another tenant: refused by row-level security, so PostgreSQL
    // answers the COMMIT sent right behind it with a rollback and the first row goes too.
    Throwable refused =
        tx.<Void>inTenant(
                tenantA,
                (c, commit) -> {
                  Future<?> first = c.preparedQuery(insert).execute(Tuple.of(tenantA, lost));
                  Future<?> second = c.preparedQuery(insert).execute(Tuple.of(tenantB, lost));
                  return Future.all(first, second, commit.now()).<Void>mapEmpty();
                })
            .transform(done -> Future.succeededFuture(done.cause()))
            .await();
    assertThat(refused).isNotNull();
    assertThat(contactNamesSeenBy(tenantA)).doesNotContain(lost);
    assertThat(contactNamesSeenBy(tenantB)).doesNotContain(lost);

    // Nothing of the tenant stays on the pooled connections afterwards.
    String setting =
        pool.query("SELECT current_setting('app.tenant_id', true) AS t, current_user AS u")
            .execute()
            .await()
            .iterator()
            .next()
            .getString("t");
    assertThat(setting == null || setting.isEmpty()).isTrue();
  }
}
