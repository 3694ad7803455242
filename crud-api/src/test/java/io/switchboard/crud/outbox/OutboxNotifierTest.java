package io.switchboard.crud.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.crud.db.Migrations;
import io.switchboard.platform.bus.BusCodecs;
import io.switchboard.platform.bus.EventAddresses;
import io.switchboard.platform.testing.TestServices;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

@DisplayName("Outbox notifier")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class OutboxNotifierTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final String INSERT =
      "INSERT INTO outbox (tenant_id, topic, type, subject_id, actor, envelope)"
          + " VALUES ('t1', 'switchboard.test', 'test.happened', $1, 'system', $2) RETURNING id";

  // A database of its own, so the notifier's listening connection is the only one listening there.
  private final String database = "notifier_test_" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> announced = new CopyOnWriteArrayList<>();

  private Vertx vertx;
  private Pool adminPool;
  private Pool pool;

  @BeforeAll
  void start() {
    vertx = BusCodecs.register(Vertx.vertx());
    PgConnectOptions shared = PgConnectOptions.fromUri(TestServices.postgresUrl());
    adminPool = PgBuilder.pool().connectingTo(shared).using(vertx).build();
    adminPool.query("CREATE DATABASE " + database).execute().await();
    String url = OutboxRelayTest.urlOf(new PgConnectOptions(shared).setDatabase(database));
    Migrations.migrate(vertx, url).await();
    pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
    vertx
        .eventBus()
        .<EventEnvelope>consumer(
            EventAddresses.DOMAIN_EVENTS, event -> announced.add(event.body().getSubjectId()))
        .completion()
        .await();
    vertx.deployVerticle(new OutboxNotifierVerticle(url)).await();
    waitUntil(() -> listeners() == 1);
  }

  @AfterAll
  void stop() {
    if (vertx != null) {
      if (pool != null) {
        pool.close().await();
      }
      adminPool.query("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)").execute().await();
      adminPool.close().await();
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("announces what committed while it was not listening, late commits included, once")
  void catchesUpAfterReconnect() {
    insert(pool, "live-before");
    waitUntil(() -> announced.contains("live-before"));

    // A transaction takes a lower id and commits only after a higher id was heard and the
    // listening connection is gone: NOTIFY alone would never announce it.
    SqlConnection slow = pool.getConnection().await();
    slow.query("BEGIN").execute().await();
    insert(slow, "late-commit");
    insert(pool, "heard-higher");
    waitUntil(() -> announced.contains("heard-higher"));

    adminPool
        .preparedQuery(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = $1 AND query LIKE 'LISTEN%'")
        .execute(Tuple.of(database))
        .await();
    waitUntil(() -> listeners() == 0);
    slow.query("COMMIT").execute().await();
    slow.close().await();
    insert(pool, "while-down-1");
    insert(pool, "while-down-2");

    waitUntil(() -> listeners() == 1);
    insert(pool, "live-after");
    waitUntil(
        () ->
            announced.containsAll(
                List.of("late-commit", "while-down-1", "while-down-2", "live-after")));

    assertThat(announced)
        .containsOnlyOnce(
            "live-before",
            "heard-higher",
            "late-commit",
            "while-down-1",
            "while-down-2",
            "live-after");
  }

  @Test
  @DisplayName("keeps announcing after a notification it cannot read")
  void survivesBadNotifications() {
    pool.query("NOTIFY " + OutboxNotifierVerticle.CHANNEL + ", 'not json'").execute().await();
    pool.query("NOTIFY " + OutboxNotifierVerticle.CHANNEL + ", '{\"no\":\"id\"}'")
        .execute()
        .await();
    pool.query("NOTIFY " + OutboxNotifierVerticle.CHANNEL + ", '{\"id\":-5}'").execute().await();
    insert(pool, "after-garbage");
    waitUntil(() -> announced.contains("after-garbage"));
  }

  private static void insert(SqlClient client, String subject) {
    byte[] envelope =
        EventEnvelope.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setTenantId("t1")
            .setType("test.happened")
            .setSubjectId(subject)
            .build()
            .toByteArray();
    client.preparedQuery(INSERT).execute(Tuple.of(subject, Buffer.buffer(envelope))).await();
  }

  private long listeners() {
    return adminPool
        .preparedQuery(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'")
        .execute(Tuple.of(database))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  private static void waitUntil(BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Condition not met within " + PATIENCE);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
