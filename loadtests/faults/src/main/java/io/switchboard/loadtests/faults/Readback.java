package io.switchboard.loadtests.faults;

import com.google.protobuf.InvalidProtocolBufferException;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads back what the cluster kept: messages stored in PostgreSQL (read as the superuser, past
 * row-level security) and {@code message.created} events on Kafka, each by {@code
 * client_message_id}.
 */
final class Readback implements AutoCloseable {

  static final String TOPIC = "switchboard.message";
  private static final Duration POLL = Duration.ofMillis(500);
  private static final String STORED =
      "SELECT client_message_id, count(*) AS copies FROM messages"
          + " WHERE tenant_id = $1 AND client_message_id LIKE $2 GROUP BY client_message_id";

  private final Pool pool;
  private final String tenant;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, Integer> events = new HashMap<>();

  Readback(Vertx vertx, String postgresUrl, String tenant, String kafkaBootstrap) {
    this.pool =
        PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(postgresUrl)).using(vertx).build();
    this.tenant = tenant;
    this.consumer = kafkaBootstrap == null ? null : consumer(kafkaBootstrap);
  }

  /** Stored copies of each message of {@code phase}, by client message id. */
  Map<String, Integer> stored(String phase) {
    Map<String, Integer> copies = new HashMap<>();
    for (Row row : pool.preparedQuery(STORED).execute(Tuple.of(tenant, phase + "/%")).await()) {
      copies.put(row.getString("client_message_id"), row.getInteger("copies"));
    }
    return copies;
  }

  boolean kafka() {
    return consumer != null;
  }

  /**
   * Reads the topic on until every id in {@code expected} has an event or {@code patience} passes;
   * returns how many events each id of the tenant has had so far.
   */
  Map<String, Integer> events(Set<String> expected, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    do {
      assignNewPartitions();
      if (consumer.assignment().isEmpty()) {
        // no message was published yet, so the topic does not exist
        Processes.pause(POLL);
        continue;
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        count(record);
      }
      if (events.keySet().containsAll(expected)) {
        break;
      }
    } while (System.nanoTime() < deadline);
    return Map.copyOf(events);
  }

  private void count(ConsumerRecord<String, byte[]> record) {
    if (!tenant.equals(record.key())) {
      return;
    }
    try {
      EventEnvelope envelope = EventEnvelope.parseFrom(record.value());
      String id =
          new JsonObject(envelope.getPayload().toString(StandardCharsets.UTF_8))
              .getString("client_message_id");
      if (id != null) {
        events.merge(id, 1, Integer::sum);
      }
    } catch (InvalidProtocolBufferException e) {
      events.merge("(unreadable event)", 1, Integer::sum);
    }
  }

  private void assignNewPartitions() {
    List<PartitionInfo> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(5));
    if (partitions == null || partitions.size() == consumer.assignment().size()) {
      return;
    }
    List<TopicPartition> all =
        partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    Set<TopicPartition> before = Set.copyOf(consumer.assignment());
    consumer.assign(all);
    consumer.seekToBeginning(all.stream().filter(p -> !before.contains(p)).toList());
  }

  private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public void close() {
    if (consumer != null) {
      consumer.close();
    }
    pool.close().await();
  }
}
