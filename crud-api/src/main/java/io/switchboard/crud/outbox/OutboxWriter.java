package io.switchboard.crud.outbox;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Appends a domain event to the {@code outbox} table inside the caller's transaction, so the event
 * exists exactly when the change it describes was committed; the relay publishes it later.
 */
public final class OutboxWriter {

  /**
   * Kafka topics are named {@code switchboard.<aggregate>}, e.g. {@code switchboard.conversation}.
   */
  public static final String TOPIC_PREFIX = "switchboard.";

  private static final String INSERT =
      "INSERT INTO outbox (event_id, tenant_id, topic, type, subject_id, actor, envelope)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7)";

  private OutboxWriter() {}

  /**
   * Stores an event of {@code type} (e.g. {@code conversation.opened}; its first word names the
   * aggregate and so the topic) about {@code subjectId}, caused by {@code actor}.
   */
  public static Future<EventEnvelope> append(
      SqlConnection tx,
      String tenantId,
      String type,
      String subjectId,
      String actor,
      JsonObject payload) {
    UUID eventId = UUID.randomUUID();
    Instant now = Instant.now();
    EventEnvelope envelope =
        EventEnvelope.newBuilder()
            .setEventId(eventId.toString())
            .setTenantId(tenantId)
            .setType(type)
            .setOccurredAt(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
            .setActor(actor)
            .setSubjectId(subjectId)
            .setPayload(ByteString.copyFrom(payload.encode(), StandardCharsets.UTF_8))
            .build();
    String topic = TOPIC_PREFIX + type.substring(0, type.indexOf('.'));
    return tx.preparedQuery(INSERT)
        .execute(
            Tuple.of(
                eventId,
                tenantId,
                topic,
                type,
                subjectId,
                actor,
                io.vertx.core.buffer.Buffer.buffer(envelope.toByteArray())))
        .map(done -> envelope);
  }
}
