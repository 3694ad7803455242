package io.switchboard.crud.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.crud.outbox.KafkaBatchSender.Acknowledged;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.producer.KafkaProducer;
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
  public static final long POLL_INTERVAL_MS = 100;

  /**
   * Wait after a batch that was not full: rows are being written, and a short pause lets the next
   * batch gather more of them instead of taking a transaction for a few.
   */
  public static final long PARTIAL_POLL_MS = 10;

  /** Rows claimed and sent per transaction; a full batch is followed at once by the next. */
  public static final int BATCH_SIZE = 1_000;

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

  /** Bytes the Kafka client gathers per partition into one request. */
  public static final int KAFKA_BATCH_BYTES = 256 * 1024;

  /** How long a send may wait for topic metadata while no broker answers. */
  public static final int MAX_BLOCK_MS = 5_000;

  /**
   * How long a published row stays: long enough for the hub's notifier, which reads an event by id
   * right after its commit, and no longer, so the table holds about this much traffic plus what is
   * not published yet (which is never deleted).
   */
  public static final Duration RETENTION = Duration.ofSeconds(60);

  /**
   * How far below the last published id a claim starts looking. Published rows leave dead entries
   * in the unpublished-rows index until the next vacuum, and a claim from the start of the index
   * walked over all of them (about 12 ms per claim with a minute of traffic at 20,000 events/s).
   * Rows committed after later ids were published (a transaction that took its ids earlier and
   * committed later) are found by this margin when they are late by fewer ids than this, and by the
   * full sweep below otherwise.
   */
  public static final long CLAIM_MARGIN_IDS = 50_000;

  /** How often a claim looks from the start of the outbox, for rows committed very late. */
  public static final long SWEEP_EVERY_MS = 5_000;

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
  private final KafkaBatchSender sender;
  private final Counter published;
  private final Counter failedBatches;

  // Confined to the context the relay was created on.
  private long timerId = -1;
  private boolean stopped;
  private int failuresInARow;
  private Future<?> inFlight = Future.succeededFuture();
  private long lastPrunedAt = System.nanoTime();
  // Highest id published by this relay, or 0 before the first batch and after a failure; the
  // next full sweep is due at sweepDueAt (System.nanoTime()).
  private long publishedUpTo;
  private long sweepDueAt = System.nanoTime();
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
    this.sender = new KafkaBatchSender(vertx, producer.unwrap());
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
        Integer.toString(MAX_BLOCK_MS),
        // A relay batch is up to a thousand small records: fewer, larger requests per partition.
        ProducerConfig.LINGER_MS_CONFIG,
        "5",
        ProducerConfig.BATCH_SIZE_CONFIG,
        Integer.toString(KAFKA_BATCH_BYTES));
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
   * Sends the oldest unpublished rows (up to {@link #BATCH_SIZE}) together and marks those Kafka
   * acknowledged; completes with how many it published, or fails with the first send's failure
   * after marking the rows before it.
   */
  Future<Integer> publishBatch() {
    long after = claimFrom();
    return pool.withTransaction(
            tx ->
                claimBatch(tx, after)
                    .compose(sender::send)
                    .compose(sent -> markPublished(tx, sent)))
        .onComplete(this::remember)
        .compose(this::countOrFail);
  }

  /** Where the next claim starts: from the start when a sweep is due, else a margin below. */
  private long claimFrom() {
    long now = System.nanoTime();
    if (publishedUpTo == 0 || now - sweepDueAt >= 0) {
      sweepDueAt = now + SWEEP_EVERY_MS * 1_000_000;
      return 0;
    }
    return Math.max(0, publishedUpTo - CLAIM_MARGIN_IDS);
  }

  /** Keeps the highest id published once its batch committed; a failure sweeps next time. */
  private void remember(Acknowledged sent, Throwable failure) {
    if (failure != null || sent.failure() != null) {
      publishedUpTo = 0;
    } else if (!sent.ids().isEmpty()) {
      publishedUpTo = Math.max(publishedUpTo, sent.ids().get(sent.ids().size() - 1));
    }
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
            schedule(nextPollMs(count));
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

  private static long nextPollMs(int published) {
    if (published == BATCH_SIZE) {
      return 0;
    }
    return published > 0 ? PARTIAL_POLL_MS : POLL_INTERVAL_MS;
  }

  private static long backoffMs(int failures) {
    long delay = MIN_BACKOFF_MS << Math.min(failures - 1, 16);
    return Math.min(delay, MAX_BACKOFF_MS);
  }

  private Future<List<OutboxRecord>> claimBatch(SqlConnection tx, long after) {
    return tx.preparedQuery(OutboxSql.TRY_LOCK)
        .execute(Tuple.of(OutboxSql.RELAY_LOCK_KEY))
        .compose(
            lock -> {
              if (!lock.iterator().next().getBoolean("locked")) {
                // Another node is publishing; it will reach these rows.
                return Future.succeededFuture(List.of());
              }
              return tx.preparedQuery(OutboxSql.CLAIM_BATCH)
                  .execute(Tuple.of(BATCH_SIZE, after))
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

  private Future<Acknowledged> markPublished(SqlConnection tx, Acknowledged sent) {
    if (sent.ids().isEmpty()) {
      return Future.succeededFuture(sent);
    }
    return tx.preparedQuery(OutboxSql.MARK_PUBLISHED)
        .execute(Tuple.of(sent.ids().toArray(new Long[0])))
        .map(updated -> sent);
  }

  private Future<Integer> countOrFail(Acknowledged sent) {
    published.increment(sent.ids().size());
    if (sent.failure() != null) {
      failedBatches.increment();
      return Future.failedFuture(sent.failure());
    }
    return Future.succeededFuture(sent.ids().size());
  }
}
