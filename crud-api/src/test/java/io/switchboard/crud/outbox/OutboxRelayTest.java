package io.switchboard.crud.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.crud.db.Migrations;
import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.platform.config.KafkaConfig;
import io.switchboard.platform.testing.TestServices;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

@DisplayName("Outbox relay to Kafka")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class OutboxRelayTest {

  private static final String TOPIC = OutboxWriter.TOPIC_PREFIX + "ticket";
  private static final String TYPE = "ticket.created";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  // The relay publishes every unpublished row it finds, so it runs against a database of its own:
  // rows other test runs leave in the shared database are neither published here nor stolen.
  private final String database = "outbox_test_" + UUID.randomUUID().toString().substring(0, 8);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private KafkaClusterTestKit kafka;
  private Vertx vertx;
  private Pool adminPool;
  private Pool pool;
  private TenantTransactions tx;
  private String relayDeployment;

  @BeforeAll
  void start() throws Exception {
    kafka = InJvmKafka.start();
    try (var admin = kafka.admin()) {
      // Several partitions, so keeping a tenant's events in order depends on the key.
      admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
    }

    vertx = Vertx.vertx();
    PgConnectOptions shared = PgConnectOptions.fromUri(TestServices.postgresUrl());
    adminPool = PgBuilder.pool().connectingTo(shared).using(vertx).build();
    adminPool.query("CREATE DATABASE " + database).execute().await();
    String url = urlOf(new PgConnectOptions(shared).setDatabase(database));
    Migrations.migrate(vertx, url).await();
    pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
    tx = new TenantTransactions(pool);

    relayDeployment =
        vertx
            .deployVerticle(
                new OutboxRelayVerticle(url, new KafkaConfig(kafka.bootstrapServers()), meters))
            .await();
  }

  @AfterAll
  void stop() throws Exception {
    if (vertx != null) {
      if (relayDeployment != null) {
        vertx.undeploy(relayDeployment).await();
      }
      if (pool != null) {
        pool.close().await();
      }
      adminPool.query("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)").execute().await();
      adminPool.close().await();
      vertx.close().await();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  @DisplayName(
      "committed events arrive on their topic, keyed by tenant, with their event id, in order"
          + " per tenant, and are marked published")
  void committedEventsArriveInOrderPerTenant() {
    String tenantA = freshTenant("a");
    String tenantB = freshTenant("b");
    List<EventEnvelope> written = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      written.add(append(i % 2 == 0 ? tenantA : tenantB, i));
    }

    List<ConsumerRecord<String, byte[]>> received = consume(Set.of(tenantA, tenantB), 10);

    assertThat(received).allSatisfy(record -> assertThat(record.topic()).isEqualTo(TOPIC));
    for (String tenant : List.of(tenantA, tenantB)) {
      List<EventEnvelope> sent =
          written.stream().filter(e -> e.getTenantId().equals(tenant)).toList();
      List<ConsumerRecord<String, byte[]>> got =
          received.stream().filter(r -> r.key().equals(tenant)).toList();
      assertThat(got.stream().map(r -> header(r, OutboxRelay.EVENT_ID_HEADER)))
          .containsExactlyElementsOf(sent.stream().map(EventEnvelope::getEventId).toList());
      assertThat(got.stream().map(r -> header(r, OutboxRelay.EVENT_TYPE_HEADER)))
          .containsOnly(TYPE);
      assertThat(got.stream().map(r -> parse(r.value()))).containsExactlyElementsOf(sent);
    }
    awaitTrue(
        () -> publishedState(written).values().stream().allMatch(published -> published),
        "every row gets published_at");
  }

  @Test
  @DisplayName("an event written in a rolled-back transaction is never published")
  void rolledBackEventIsNeverPublished() {
    String tenant = freshTenant("rb");
    AtomicReference<EventEnvelope> rolledBack = new AtomicReference<>();
    assertThatThrownBy(
            () ->
                tx.inTenant(
                        tenant,
                        c ->
                            OutboxWriter.append(
                                    c, tenant, TYPE, "doomed", "agent-1", new JsonObject())
                                .compose(
                                    envelope -> {
                                      rolledBack.set(envelope);
                                      return Future.failedFuture(
                                          new IllegalStateException("the change is refused"));
                                    }))
                    .await())
        .hasMessage("the change is refused");
    // Written after the rolled-back one, so in the same partition it would have come first.
    EventEnvelope committed = append(tenant, 1);

    List<ConsumerRecord<String, byte[]>> received = consume(Set.of(tenant), 1);

    assertThat(received.stream().map(r -> header(r, OutboxRelay.EVENT_ID_HEADER)))
        .containsExactly(committed.getEventId());
    assertThat(publishedState(List.of(rolledBack.get()))).isEmpty();
  }

  @Test
  @DisplayName(
      "an event committed after younger ones were published is published too, however many ids"
          + " lie between them")
  void lateCommitIsPublished() {
    for (long gap : List.of(10L, 2 * OutboxRelay.CLAIM_MARGIN_IDS)) {
      String lateTenant = freshTenant("late");
      Promise<Void> commit = Promise.promise();
      AtomicReference<EventEnvelope> late = new AtomicReference<>();
      // Takes its id now and commits only when told: younger ids commit and publish meanwhile.
      Future<EventEnvelope> lateTransaction =
          tx.inTenant(
              lateTenant,
              c ->
                  OutboxWriter.append(c, lateTenant, TYPE, "late", "agent-1", new JsonObject())
                      .compose(
                          envelope -> {
                            late.set(envelope);
                            return commit.future().map(envelope);
                          }));
      awaitTrue(() -> late.get() != null, "the late event written, not committed");
      pool.query("SELECT setval('outbox_id_seq', nextval('outbox_id_seq') + " + gap + ")")
          .execute()
          .await();
      EventEnvelope younger = append(freshTenant("young"), 1);
      awaitTrue(
          () -> publishedState(List.of(younger)).get(younger.getEventId()), "younger published");

      commit.complete();
      lateTransaction.await();

      awaitTrue(
          () -> publishedState(List.of(late.get())).get(late.get().getEventId()),
          "the late event published, " + gap + " ids below the younger one");
      assertThat(consume(Set.of(lateTenant), 1)).hasSize(1);
    }
  }

  @Test
  @DisplayName(
      "events written while Kafka is down stay unpublished, then all arrive in order once it is"
          + " back")
  void eventsSurviveKafkaOutage() throws Exception {
    String tenantC = freshTenant("c");
    String tenantD = freshTenant("d");
    // Before the outage: the relay knows the topic and its partition leaders.
    EventEnvelope before = append(tenantC, 0);
    awaitTrue(() -> publishedState(List.of(before)).get(before.getEventId()), "warm-up published");

    BrokerServer broker = kafka.brokers().values().iterator().next();
    broker.shutdown();
    List<EventEnvelope> duringOutage = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      duringOutage.add(append(i % 2 == 0 ? tenantC : tenantD, i));
    }
    // Batches are sequential, so the second failure after the writes comes from a batch that
    // started after they were committed and so claimed them.
    double failuresAfterWrites = failedBatches();
    awaitTrue(() -> failedBatches() >= failuresAfterWrites + 2, "two failed batches");
    assertThat(publishedState(duringOutage)).hasSize(6).doesNotContainValue(true);
    // Pruning deletes what was published and never what is still to publish.
    assertThat(OutboxRelay.prune(pool, Duration.ZERO, 100_000).await()).isPositive();
    assertThat(publishedState(List.of(before))).isEmpty();
    assertThat(publishedState(duringOutage)).hasSize(6).doesNotContainValue(true);

    broker.startup();
    kafka.waitForReadyBrokers();
    awaitTrue(
        () -> publishedState(duringOutage).values().stream().allMatch(published -> published),
        "every row gets published_at once Kafka is back");

    List<ConsumerRecord<String, byte[]>> received = consume(Set.of(tenantC, tenantD), 7);
    for (String tenant : List.of(tenantC, tenantD)) {
      List<String> sent = new ArrayList<>();
      if (tenant.equals(tenantC)) {
        sent.add(before.getEventId());
      }
      duringOutage.stream()
          .filter(e -> e.getTenantId().equals(tenant))
          .forEach(e -> sent.add(e.getEventId()));
      // At least once: a send that timed out may still have landed; consumers drop the repeat.
      Set<String> firstSeen = new LinkedHashSet<>();
      received.stream()
          .filter(r -> r.key().equals(tenant))
          .forEach(r -> firstSeen.add(header(r, OutboxRelay.EVENT_ID_HEADER)));
      assertThat(firstSeen).containsExactlyElementsOf(sent);
    }
    // Within the retention published rows stay (the hub's notifier reads them by id); past it,
    // they go.
    assertThat(OutboxRelay.prune(pool, OutboxRelay.RETENTION, 100_000).await()).isZero();
    assertThat(publishedState(duringOutage)).hasSize(6);
    OutboxRelay.prune(pool, Duration.ZERO, 100_000).await();
    assertThat(publishedState(duringOutage)).isEmpty();
  }

  private static String freshTenant(String label) {
    return "outbox-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private EventEnvelope append(String tenant, int n) {
    return tx.inTenant(
            tenant,
            c ->
                OutboxWriter.append(
                    c, tenant, TYPE, "ticket-" + n, "agent-1", new JsonObject().put("n", n)))
        .await();
  }

  /** Whether each stored event is published, by event id; rolled-back events are absent. */
  private Map<String, Boolean> publishedState(List<EventEnvelope> events) {
    UUID[] ids = events.stream().map(e -> UUID.fromString(e.getEventId())).toArray(UUID[]::new);
    Map<String, Boolean> state = new HashMap<>();
    for (Row row :
        pool.preparedQuery(
                "SELECT event_id, published_at IS NOT NULL AS published FROM outbox"
                    + " WHERE event_id = ANY($1)")
            .execute(Tuple.of(ids))
            .await()) {
      state.put(row.getUUID("event_id").toString(), row.getBoolean("published"));
    }
    return state;
  }

  private double failedBatches() {
    return meters.get("switchboard.outbox.failed.batches").counter().count();
  }

  /**
   * Reads the topic from the start until it has seen {@code count} distinct events keyed by {@code
   * tenants}; repeats of an event stay in the returned list.
   */
  private List<ConsumerRecord<String, byte[]>> consume(Set<String> tenants, int count) {
    Properties props = InJvmKafka.consumerFromStart(kafka);
    List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
    Set<String> distinct = new LinkedHashSet<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (distinct.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (tenants.contains(record.key())) {
            received.add(record);
            distinct.add(header(record, OutboxRelay.EVENT_ID_HEADER));
          }
        }
      }
    }
    assertThat(distinct).as("events of %s", tenants).hasSizeGreaterThanOrEqualTo(count);
    return received;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static EventEnvelope parse(byte[] bytes) {
    try {
      return EventEnvelope.parseFrom(bytes);
    } catch (Exception e) {
      throw new AssertionError("not an EventEnvelope", e);
    }
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what, e);
      }
    }
  }

  static String urlOf(PgConnectOptions options) {
    String password = options.getPassword() == null ? "" : ":" + options.getPassword();
    return "postgresql://"
        + options.getUser()
        + password
        + "@"
        + options.getHost()
        + ":"
        + options.getPort()
        + "/"
        + options.getDatabase();
  }
}
