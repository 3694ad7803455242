package io.switchboard.crud.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.crud.outbox.KafkaBatchSender.Acknowledged;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.kafka.client.serialization.BufferSerializer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("A relay batch sent to Kafka")
class KafkaBatchSenderTest {

  @Test
  @DisplayName(
      "goes in order, keyed by tenant with its event id and type, and is acknowledged whole")
  void acknowledgedWhole(Vertx vertx) throws Exception {
    MockProducer<String, Buffer> kafka = producer(true);
    List<OutboxRecord> batch = records(5);

    Acknowledged result = sendFrom(vertx, kafka, batch);

    assertThat(result.failure()).isNull();
    assertThat(result.ids()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(kafka.history())
        .extracting(ProducerRecord::key, KafkaBatchSenderTest::eventId, ProducerRecord::topic)
        .containsExactlyElementsOf(
            batch.stream()
                .map(
                    r ->
                        org.assertj.core.groups.Tuple.tuple(
                            r.tenantId(), r.eventId().toString(), r.topic()))
                .toList());
    assertThat(kafka.history())
        .allSatisfy(
            r ->
                assertThat(
                        new String(
                            r.headers().lastHeader(OutboxRelay.EVENT_TYPE_HEADER).value(),
                            StandardCharsets.UTF_8))
                    .isEqualTo("ticket.created"));
  }

  @Test
  @DisplayName("refused in the middle: only the records before the refused one count as sent")
  void refusedInTheMiddle(Vertx vertx) throws Exception {
    MockProducer<String, Buffer> kafka = producer(false);
    List<OutboxRecord> batch = records(5);
    Future<Acknowledged> sent = onContext(vertx, kafka, batch);
    awaitSent(kafka, 5);
    TimeoutException refused = new TimeoutException("expired in the accumulator");
    kafka.completeNext();
    kafka.completeNext();
    kafka.errorNext(refused);
    kafka.completeNext();
    kafka.completeNext();

    Acknowledged result = sent.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(result.ids()).containsExactly(1L, 2L);
    assertThat(result.failure()).isSameAs(refused);
  }

  @Test
  @DisplayName("stops sending at the first record the client refuses at once")
  void stopsAtFirstRefusal(Vertx vertx) throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    KafkaException noMetadata = new KafkaException("no broker answers");
    MockProducer<String, Buffer> kafka =
        new MockProducer<>(
            true, new RoundRobinPartitioner(), new StringSerializer(), new BufferSerializer()) {
          @Override
          public synchronized java.util.concurrent.Future<RecordMetadata> send(
              ProducerRecord<String, Buffer> record, Callback callback) {
            attempts.incrementAndGet();
            throw noMetadata;
          }
        };

    Acknowledged result = sendFrom(vertx, kafka, records(100));

    assertThat(attempts).hasValue(1);
    assertThat(result.ids()).isEmpty();
    assertThat(result.failure()).isSameAs(noMetadata);
  }

  @Test
  @DisplayName("sent through a closed client fails without anything counted as sent")
  void closedClient(Vertx vertx) throws Exception {
    MockProducer<String, Buffer> kafka = producer(true);
    kafka.close();

    Acknowledged result = sendFrom(vertx, kafka, records(3));

    assertThat(result.ids()).isEmpty();
    assertThat(result.failure()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("of no records answers at once")
  void empty(Vertx vertx) throws Exception {
    Acknowledged result = sendFrom(vertx, producer(true), List.of());

    assertThat(result.ids()).isEmpty();
    assertThat(result.failure()).isNull();
  }

  private static MockProducer<String, Buffer> producer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, new RoundRobinPartitioner(), new StringSerializer(), new BufferSerializer());
  }

  private static Acknowledged sendFrom(
      Vertx vertx, MockProducer<String, Buffer> kafka, List<OutboxRecord> batch) throws Exception {
    return onContext(vertx, kafka, batch)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  /** Creates the sender and sends on an event loop, as the relay does. */
  private static Future<Acknowledged> onContext(
      Vertx vertx, MockProducer<String, Buffer> kafka, List<OutboxRecord> batch) {
    io.vertx.core.Promise<Acknowledged> answer = io.vertx.core.Promise.promise();
    vertx.runOnContext(v -> new KafkaBatchSender(vertx, kafka).send(batch).onComplete(answer));
    return answer.future();
  }

  private static void awaitSent(MockProducer<String, Buffer> kafka, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (kafka.history().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(kafka.history()).hasSize(count);
  }

  private static List<OutboxRecord> records(int count) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(
            i ->
                new OutboxRecord(
                    i,
                    UUID.randomUUID(),
                    "tenant-" + (i % 2),
                    OutboxWriter.TOPIC_PREFIX + "ticket",
                    "ticket.created",
                    Buffer.buffer("event " + i)))
        .toList();
  }

  private static String eventId(ProducerRecord<String, Buffer> record) {
    return new String(
        record.headers().lastHeader(OutboxRelay.EVENT_ID_HEADER).value(), StandardCharsets.UTF_8);
  }
}
