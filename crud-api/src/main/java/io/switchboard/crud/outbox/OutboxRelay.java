package io.switchboard.crud.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed outbox rows to Kafka in id order, at least once and in order per tenant, and
 * stamps {@code published_at} on each row only after Kafka acknowledged it.
 */
public final class OutboxRelay {

  /** How often the relay looks for new rows when the outbox has been drained. */
  public static final long POLL_INTERVAL_MS = 200;

  /** Rows claimed and sent per transaction; a full batch is followed at once by the next. */
  public static final int BATCH_SIZE = 100;

  /** Wait after the first failed batch; doubles with each failure in a row. */
  public static final long MIN_BACKOFF_MS = 250;

  /** Longest wait between attempts while Kafka or PostgreSQL is failing. */
  public static final long MAX_BACKOFF_MS = 5_000;

  /**
   * How long Kafka may take to acknowledge a record before the batch counts as failed. The claimed
   * rows stay locked and the relay waits meanwhile, while a failed batch costs only a retry after
   * the backoff (and perhaps a duplicate, which consumers drop by event id), so this is kept short.
   */
  public static final int DELIVERY_TIMEOUT_MS = 5_000;

  /** One request to a broker; the delivery timeout must leave room for it. */
  public static final int REQUEST_TIMEOUT_MS = 2_500;

  /** How long a send may wait for topic metadata while no broker answers. */
  public static final int MAX_BLOCK_MS = 5_000;

  /**
   * How long a published row stays: long enough for the hub's notifier, which reads an event by id
   * right after its commit, and no longer, so the table holds about this much traffic plus what is
   * not published yet (which is never deleted).
   */
  public static final Duration RETENTION = Duration.ofSeconds(60);

  /** How often, at most, published rows are deleted. */
  public static final long PRUNE_EVERY_MS = 10_000;

  /** Most rows deleted by one statement; a full one is followed by another at the next batch. */
  public static final int PRUNE_LIMIT = 10_000;

  /** Header carrying the event id, on which consumers de-duplicate. */
  public static final String EVENT_ID_HEADER = "event-id";

  /** Header carrying the event type, so consumers can filter without parsing the envelope. */
  public static final String EVENT_TYPE_HEADER = "event-type";

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

  private final Vertx vertx;
  private final Context context;
  private final Pool pool;
  private final KafkaProducer<String, Buffer> producer;
  private final Counter published;
  private final Counter failedBatches;

  // Confined to the context the relay was created on.
  private long timerId = -1;
  private boolean stopped;
  private int failuresInARow;
  private Future<?> inFlight = Future.succeededFuture();
  private long lastPrunedAt = System.nanoTime();
  private boolean pruneAgain;

  /**
   * A relay reading the outbox through {@code pool} (as a role that may read and update it, not as
   * the tenant role) and sending with {@code producer}; create it on the context it should run on.
   */
  public OutboxRelay(
      Vertx vertx, Pool pool, KafkaProducer<String, Buffer> producer, MeterRegistry meters) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.producer = producer;
    // The client also reports every failed send here; the batch that made it handles the failure.
    producer.exceptionHandler(failure -> LOG.debug("Kafka send failed", failure));
    this.published =
        Counter.builder("switchboard.outbox.published")
            .description("Outbox events acknowledged by Kafka")
            .register(meters);
    this.failedBatches =
        Counter.builder("switchboard.outbox.failed.batches")
            .description("Relay batches stopped by a Kafka or database failure")
            .register(meters);
  }

  /**
   * Producer settings for ordered, at-least-once delivery: every replica acknowledges, and the
   * idempotent producer keeps order per partition with up to five requests in flight.
   */
  public static Map<String, String> producerConfig(String bootstrapServers) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG,
        "switchboard-outbox-relay",
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        "true",
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
        "5",
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        Integer.toString(DELIVERY_TIMEOUT_MS),
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Integer.toString(REQUEST_TIMEOUT_MS),
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        Integer.toString(MAX_BLOCK_MS));
  }

  /** Starts polling the outbox. */
  public void start() {
    context.runOnContext(v -> schedule(0));
  }

  /** Stops polling; completes once the batch in flight, if any, has finished. */
  public Future<Void> stop() {
    return Future.<Future<?>>future(
            promise ->
                context.runOnContext(
                    v -> {
                      stopped = true;
                      if (timerId >= 0) {
                        vertx.cancelTimer(timerId);
                        timerId = -1;
                      }
                      promise.complete(inFlight);
                    }))
        .compose(batch -> batch.<Void>transform(done -> Future.succeededFuture()));
  }

  /**
   * Sends the oldest unpublished rows (up to {@link #BATCH_SIZE}) and marks those Kafka
   * acknowledged; completes with how many it published, or fails with the first send's failure
   * after marking the rows before it.
   */
  Future<Integer> publishBatch() {
    return pool.withTransaction(
            tx ->
                claimBatch(tx).compose(this::sendInOrder).compose(sent -> markPublished(tx, sent)))
        .compose(this::countOrFail);
  }

  private void schedule(long delayMs) {
    if (stopped) {
      return;
    }
    if (delayMs == 0) {
      runBatch();
    } else {
      timerId =
          vertx.setTimer(
              delayMs,
              id -> {
                timerId = -1;
                runBatch();
              });
    }
  }

  private void runBatch() {
    Future<Integer> batch = publishBatch().compose(count -> pruneIfDue().map(count));
    inFlight = batch;
    batch.onComplete(
        (count, failure) -> {
          if (failure == null) {
            if (failuresInARow > 0) {
              LOG.info("Outbox relay recovered after {} failed batches", failuresInARow);
            }
            failuresInARow = 0;
            schedule(count == BATCH_SIZE ? 0 : POLL_INTERVAL_MS);
          } else {
            failuresInARow++;
            if (failuresInARow == 1) {
              LOG.warn("Outbox relay batch failed; retrying with backoff", failure);
            }
            schedule(backoffMs(failuresInARow));
          }
        });
  }

  /** Deletes published rows past the retention, every {@link #PRUNE_EVERY_MS} or sooner. */
  private Future<Void> pruneIfDue() {
    if (!pruneAgain && System.nanoTime() - lastPrunedAt < PRUNE_EVERY_MS * 1_000_000) {
      return Future.succeededFuture();
    }
    lastPrunedAt = System.nanoTime();
    return prune(pool, RETENTION, PRUNE_LIMIT)
        .map(
            deleted -> {
              pruneAgain = deleted == PRUNE_LIMIT;
              return (Void) null;
            })
        // A failed delete is tried again at the next turn; it never holds up publishing.
        .otherwise(failure -> null);
  }

  /**
   * Deletes up to {@code limit} outbox rows published more than {@code olderThan} ago; answers how
   * many. Rows not published yet are never deleted.
   */
  static Future<Integer> prune(Pool pool, Duration olderThan, int limit) {
    return pool.preparedQuery(OutboxSql.DELETE_PUBLISHED)
        .execute(Tuple.of(olderThan.toMillis() / 1000.0, limit))
        .map(rows -> rows.rowCount());
  }

  private static long backoffMs(int failures) {
    long delay = MIN_BACKOFF_MS << Math.min(failures - 1, 16);
    return Math.min(delay, MAX_BACKOFF_MS);
  }

  private Future<List<OutboxRecord>> claimBatch(SqlConnection tx) {
    return tx.preparedQuery(OutboxSql.TRY_LOCK)
        .execute(Tuple.of(OutboxSql.RELAY_LOCK_KEY))
        .compose(
            lock -> {
              if (!lock.iterator().next().getBoolean("locked")) {
                // Another node is publishing; it will reach these rows.
                return Future.succeededFuture(List.of());
              }
              return tx.preparedQuery(OutboxSql.CLAIM_BATCH)
                  .execute(Tuple.of(BATCH_SIZE))
                  .map(
                      rows -> {
                        List<OutboxRecord> records = new ArrayList<>(rows.size());
                        for (Row row : rows) {
                          records.add(OutboxRecord.from(row));
                        }
                        return records;
                      });
            });
  }

  /**
   * Sends the first record alone: while Kafka is down it fails after one timeout instead of once
   * per record. Then sends the rest together; the idempotent producer keeps them in order per
   * partition, and only the acknowledged prefix counts, so a later row never overtakes a failed
   * one.
   */
  private Future<Sent> sendInOrder(List<OutboxRecord> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture(new Sent(List.of(), null));
    }
    return send(records.get(0))
        .transform(
            (first, failure) -> {
              if (failure != null) {
                return Future.succeededFuture(new Sent(List.of(), failure));
              }
              List<Future<RecordMetadata>> rest = new ArrayList<>(records.size() - 1);
              for (OutboxRecord record : records.subList(1, records.size())) {
                rest.add(send(record));
              }
              return Future.join(rest)
                  .transform(all -> Future.succeededFuture(acknowledgedPrefix(records, rest)));
            });
  }

  private Future<RecordMetadata> send(OutboxRecord record) {
    KafkaProducerRecord<String, Buffer> message =
        KafkaProducerRecord.create(record.topic(), record.tenantId(), record.envelope())
            .addHeader(EVENT_ID_HEADER, record.eventId().toString())
            .addHeader(EVENT_TYPE_HEADER, record.type());
    return producer.send(message);
  }

  private static Sent acknowledgedPrefix(
      List<OutboxRecord> records, List<Future<RecordMetadata>> afterFirst) {
    List<Long> ids = new ArrayList<>(records.size());
    ids.add(records.get(0).id());
    for (int i = 0; i < afterFirst.size(); i++) {
      Future<RecordMetadata> result = afterFirst.get(i);
      if (result.failed()) {
        return new Sent(ids, result.cause());
      }
      ids.add(records.get(i + 1).id());
    }
    return new Sent(ids, null);
  }

  private Future<Sent> markPublished(SqlConnection tx, Sent sent) {
    if (sent.ids().isEmpty()) {
      return Future.succeededFuture(sent);
    }
    return tx.preparedQuery(OutboxSql.MARK_PUBLISHED)
        .execute(Tuple.of(sent.ids().toArray(new Long[0])))
        .map(updated -> sent);
  }

  private Future<Integer> countOrFail(Sent sent) {
    published.increment(sent.ids().size());
    if (sent.failure() != null) {
      failedBatches.increment();
      return Future.failedFuture(sent.failure());
    }
    return Future.succeededFuture(sent.ids().size());
  }

  /** The ids Kafka acknowledged, in order, and the failure that stopped the batch, if any. */
  private record Sent(List<Long> ids, Throwable failure) {}
}
