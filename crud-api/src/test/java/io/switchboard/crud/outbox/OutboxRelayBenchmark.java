package io.switchboard.crud.outbox;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.crud.db.Migrations;
import io.switchboard.platform.config.KafkaConfig;
import io.switchboard.platform.testing.TestServices;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The outbox relay's throughput and lag with the in-JVM Kafka broker: first how fast it drains a
 * backlog, then, for each write rate, events written into the outbox at that rate (in statements of
 * one 10 ms tick's worth, as group commit writes them) and read back from Kafka, with the lag from
 * the event's creation to its consumer, losses and order per key. A benchmark, not a test: it runs
 * only when asked, and prints {@code RESULT} lines (into {@code
 * crud-api/target/surefire-reports/*OutboxRelayBenchmark-output.txt}):
 *
 * <pre>
 * ./mvnw -B verify -pl crud-api -am -Dtest=OutboxRelayBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dswitchboard.bench=outbox [-Dbench.rates=2000,20000 -Dbench.seconds=20 -Dbench.backlog=100000]
 * </pre>
 */
@EnabledIfSystemProperty(named = "switchboard.bench", matches = "outbox")
class OutboxRelayBenchmark {

  private static final String TOPIC = OutboxWriter.TOPIC_PREFIX + "message";
  private static final int TENANTS = 10;
  private static final long TICK_MS = 10;
  private static final Duration DRAIN_PATIENCE = Duration.ofSeconds(60);
  private static final String INSERT =
      "INSERT INTO outbox (tenant_id, topic, type, subject_id, actor, envelope)"
          + " SELECT t, '"
          + TOPIC
          + "', 'bench.event', s, 'bench', e FROM unnest($1::text[], $2::text[], $3::bytea[])"
          + " AS u(t, s, e)";
  private static final String BACKLOG =
      "INSERT INTO outbox (tenant_id, topic, type, subject_id,"
          + " actor, envelope) SELECT 'backlog', '"
          + TOPIC
          + "', 'bench.backlog', g::text, 'bench',"
          + " convert_to(repeat('x', 300), 'UTF8') FROM generate_series(1, $1) AS g";
  private static final String UNPUBLISHED =
      "SELECT count(*) FROM outbox WHERE published_at IS NULL";
  private static final String ROWS = "SELECT count(*) FROM outbox";

  private final String database = "outbox_bench_" + UUID.randomUUID().toString().substring(0, 8);

  /** Per rate run: receive times, lags and per-key order, filled by the consumer thread. */
  private final Map<String, Received> received = new ConcurrentHashMap<>();

  @Test
  void relayThroughputAndLag() throws Exception {
    int backlog = Integer.getInteger("bench.backlog", 100_000);
    int seconds = Integer.getInteger("bench.seconds", 20);
    int[] rates =
        Arrays.stream(System.getProperty("bench.rates", "2000,20000").split(","))
            .mapToInt(r -> Integer.parseInt(r.trim()))
            .toArray();

    KafkaClusterTestKit kafka = InJvmKafka.start();
    Vertx vertx = Vertx.vertx();
    PgConnectOptions shared = PgConnectOptions.fromUri(TestServices.postgresUrl());
    Pool admin = PgBuilder.pool().connectingTo(shared).using(vertx).build();
    admin.query("CREATE DATABASE " + database).execute().await();
    AtomicBoolean consuming = new AtomicBoolean(true);
    Thread consumer = null;
    try (var kafkaAdmin = kafka.admin()) {
      kafkaAdmin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
      String url = OutboxRelayTest.urlOf(new PgConnectOptions(shared).setDatabase(database));
      Migrations.migrate(vertx, url).await();
      Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
      consumer = new Thread(() -> consume(kafka, consuming), "bench-consumer");
      consumer.start();

      // The backlog: written before the relay starts, then timed until the outbox is drained.
      pool.preparedQuery(BACKLOG).execute(Tuple.of(backlog)).await();
      long drainStart = System.nanoTime();
      vertx
          .deployVerticle(
              new OutboxRelayVerticle(
                  url, new KafkaConfig(kafka.bootstrapServers()), new SimpleMeterRegistry()))
          .await();
      waitForEmptyOutbox(pool);
      double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
      System.out.printf(
          "RESULT run=backlog events=%d seconds=%.2f events_per_s=%.0f%n",
          backlog, drainSeconds, backlog / drainSeconds);

      for (int rate : rates) {
        String run = "rate-" + rate;
        received.put(run, new Received());
        long written = writeAtRate(pool, run, rate, seconds);
        long backlogAtEnd = count(pool, UNPUBLISHED);
        waitForEmptyOutbox(pool);
        Received got = received.get(run);
        long deadline = System.nanoTime() + DRAIN_PATIENCE.toNanos();
        while (got.distinct() < written && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        // Published rows stay for the relay's retention, then are pruned: the table should hold
        // about that much traffic, however long the run.
        System.out.println(
            got.result(run, rate, seconds, written, backlogAtEnd)
                + " rows_in_outbox="
                + count(pool, ROWS));
      }
      pool.close().await();
    } finally {
      consuming.set(false);
      if (consumer != null) {
        consumer.join(10_000);
      }
      admin.query("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)").execute().await();
      vertx.close().await();
      kafka.close();
    }
  }

  /** Writes {@code rate} events a second for {@code seconds}; answers how many it wrote. */
  private long writeAtRate(Pool pool, String run, int rate, int seconds) throws Exception {
    long[] sequence = new long[TENANTS];
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long written = 0;
    long nextReport = start + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < end) {
      if (System.nanoTime() - nextReport >= 0) {
        // Every 5 s: how far the relay is behind, to tell a steady lag from stalls.
        nextReport += TimeUnit.SECONDS.toNanos(5);
        System.out.printf(
            "PROGRESS run=%s second=%d written=%d relayed=%d unpublished=%d%n",
            run,
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
            written,
            received.get(run).distinct(),
            count(pool, UNPUBLISHED));
      }
      long due = (long) ((System.nanoTime() - start) / 1e9 * rate) + 1;
      int now = (int) Math.min(due - written, rate); // at most a second's worth per statement
      if (now <= 0) {
        Thread.sleep(TICK_MS);
        continue;
      }
      String[] tenants = new String[now];
      String[] subjects = new String[now];
      Buffer[] envelopes = new Buffer[now];
      long millis = System.currentTimeMillis();
      for (int i = 0; i < now; i++) {
        int tenant = (int) ((written + i) % TENANTS);
        tenants[i] = "bench-" + tenant;
        subjects[i] = Long.toString(++sequence[tenant]);
        envelopes[i] =
            Buffer.buffer(
                EventEnvelope.newBuilder()
                    .setEventId(UUID.randomUUID().toString())
                    .setTenantId(tenants[i])
                    .setType(run)
                    .setSubjectId(subjects[i])
                    .setOccurredAt(
                        Timestamp.newBuilder()
                            .setSeconds(millis / 1000)
                            .setNanos((int) (millis % 1000) * 1_000_000))
                    .build()
                    .toByteArray());
      }
      pool.preparedQuery(INSERT).execute(Tuple.of(tenants, subjects, envelopes)).await();
      written += now;
    }
    return written;
  }

  private void consume(KafkaClusterTestKit kafka, AtomicBoolean consuming) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            InJvmKafka.consumerFromStart(kafka),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(TOPIC));
      while (consuming.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          long now = System.currentTimeMillis();
          EventEnvelope event;
          try {
            event = EventEnvelope.parseFrom(record.value());
          } catch (InvalidProtocolBufferException e) {
            continue; // the backlog's rows are not envelopes; only their count matters
          }
          Received run = received.get(event.getType());
          if (run != null) {
            long created =
                event.getOccurredAt().getSeconds() * 1000
                    + event.getOccurredAt().getNanos() / 1_000_000;
            run.add(record.key(), Long.parseLong(event.getSubjectId()), now, now - created);
          }
        }
      }
    }
  }

  private static void waitForEmptyOutbox(Pool pool) throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN_PATIENCE.toNanos();
    while (count(pool, UNPUBLISHED) > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The relay did not drain the outbox within " + DRAIN_PATIENCE);
      }
      Thread.sleep(50);
    }
  }

  private static long count(Pool pool, String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  /** What the consumer got of one rate run; touched by the consumer thread only until read. */
  private static final class Received {
    private final List<Long> lags = new ArrayList<>();
    private final Map<String, Long> lastOf = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private long first = -1;
    private long last;
    private long outOfOrder;
    private long repeats;

    synchronized void add(String key, long sequence, long at, long lagMillis) {
      if (!seen.add(key + "/" + sequence)) {
        repeats++;
        return;
      }
      long previous = lastOf.getOrDefault(key, 0L);
      if (sequence != previous + 1) {
        outOfOrder++;
      }
      lastOf.put(key, Math.max(previous, sequence));
      lags.add(lagMillis);
      if (first < 0) {
        first = at;
      }
      last = at;
    }

    synchronized long distinct() {
      return seen.size();
    }

    synchronized String result(String run, int rate, int seconds, long written, long backlog) {
      long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
      double span = Math.max(1, last - first) / 1000.0;
      return String.format(
          "RESULT run=%s rate=%d written_per_s=%.0f relayed_per_s=%.0f lag_p50_ms=%d"
              + " lag_p99_ms=%d lag_max_ms=%d unpublished_at_end=%d lost=%d out_of_order=%d"
              + " repeats=%d",
          run,
          rate,
          written / (double) seconds,
          seen.size() / span,
          percentile(sorted, 50),
          percentile(sorted, 99),
          sorted.length == 0 ? 0 : sorted[sorted.length - 1],
          backlog,
          written - seen.size(),
          outOfOrder,
          repeats);
    }

    private static long percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return 0;
      }
      return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }
  }
}
