package io.switchboard.crud.outbox;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Hands a whole relay batch to the Kafka client in one task on a worker thread and answers once
 * Kafka has acknowledged or refused every record. The client's {@code send} is asynchronous but may
 * block on topic metadata, so it never runs on the event loop; handing each record over in a task
 * of its own (as the Vert.x producer does) cost a worker task and a context switch per event and
 * capped the relay at about 5,000 events/s.
 */
final class KafkaBatchSender {

  private final Vertx vertx;
  private final Context context;
  private final Producer<String, Buffer> producer;

  /** A sender through {@code producer}, answering on the context it is created on. */
  KafkaBatchSender(Vertx vertx, Producer<String, Buffer> producer) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.producer = producer;
  }

  /**
   * Sends {@code records} in order and answers which of them, from the first on, Kafka
   * acknowledged, with the failure that ended that prefix, if any. Once a record is known to have
   * failed the rest are not sent: while no broker answers, the first send already fails after one
   * metadata timeout, and the others would only wait for theirs.
   */
  Future<Acknowledged> send(List<OutboxRecord> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture(new Acknowledged(List.of(), null));
    }
    Promise<Acknowledged> done = Promise.promise();
    Outcomes outcomes =
        new Outcomes(records, result -> context.runOnContext(v -> done.complete(result)));
    vertx
        .executeBlocking(
            () -> {
              issue(records, outcomes);
              return null;
            })
        // Only a rejected task lands here; every issued record completes through its callback.
        .onFailure(failure -> outcomes.notSent(0, failure));
    return done.future();
  }

  private void issue(List<OutboxRecord> records, Outcomes outcomes) {
    for (int i = 0; i < records.size(); i++) {
      if (outcomes.failed()) {
        outcomes.notSent(i, null);
        return;
      }
      int index = i;
      try {
        producer.send(record(records.get(i)), (metadata, failure) -> outcomes.done(index, failure));
      } catch (RuntimeException e) {
        // A closed client or a record it cannot serialize throws instead of calling back.
        outcomes.done(index, e);
      }
    }
  }

  private static ProducerRecord<String, Buffer> record(OutboxRecord record) {
    ProducerRecord<String, Buffer> message =
        new ProducerRecord<>(record.topic(), record.tenantId(), record.envelope());
    message
        .headers()
        .add(
            OutboxRelay.EVENT_ID_HEADER,
            record.eventId().toString().getBytes(StandardCharsets.UTF_8))
        .add(OutboxRelay.EVENT_TYPE_HEADER, record.type().getBytes(StandardCharsets.UTF_8));
    return message;
  }

  /**
   * What became of each record of one batch, filled in from Kafka's I/O thread and the worker; the
   * last record to complete reports the batch.
   */
  private static final class Outcomes {
    private final List<OutboxRecord> records;
    private final Consumer<Acknowledged> whenDone;
    // Written before the countdown below, read after it: the decrement orders them.
    private final Throwable[] failures;
    private final AtomicIntegerArray completed;
    private final AtomicInteger pending;
    private volatile boolean failed;

    Outcomes(List<OutboxRecord> records, Consumer<Acknowledged> whenDone) {
      this.records = records;
      this.whenDone = whenDone;
      this.failures = new Throwable[records.size()];
      this.completed = new AtomicIntegerArray(records.size());
      this.pending = new AtomicInteger(records.size());
    }

    boolean failed() {
      return failed;
    }

    /** Record {@code index} was acknowledged ({@code failure} null) or refused. */
    void done(int index, Throwable failure) {
      // Once only: a client that both calls back and throws is counted at its first word.
      if (!completed.compareAndSet(index, 0, 1)) {
        return;
      }
      if (failure != null) {
        failures[index] = failure;
        failed = true;
      }
      if (pending.decrementAndGet() == 0) {
        whenDone.accept(result());
      }
    }

    /**
     * Records {@code from} on were never sent; they end the acknowledged prefix, with {@code
     * failure} when no earlier record already did.
     */
    void notSent(int from, Throwable failure) {
      for (int i = from; i < records.size(); i++) {
        done(i, failure == null ? new IllegalStateException("not sent") : failure);
      }
    }

    private Acknowledged result() {
      List<Long> ids = new ArrayList<>(records.size());
      for (int i = 0; i < records.size(); i++) {
        if (failures[i] != null) {
          return new Acknowledged(ids, failures[i]);
        }
        ids.add(records.get(i).id());
      }
      return new Acknowledged(ids, null);
    }
  }

  /** The ids Kafka acknowledged, in order, and the failure that ended them, if any. */
  record Acknowledged(List<Long> ids, Throwable failure) {}
}
