package io.switchboard.crud.outbox;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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

  private static final String INSERT_ALL =
      "INSERT INTO outbox (event_id, tenant_id, topic, type, subject_id, actor, envelope)"
          + " SELECT event_id, $1, $2, $3, subject_id, actor, envelope"
          + " FROM unnest($4::uuid[], $5::text[], $6::text[], $7::bytea[])"
          + " AS e(event_id, subject_id, actor, envelope)";

  /**
   * One event of {@link #appendAll}.
   *
   * @param subjectId what it is about
   * @param actor who caused it
   * @param payload what happened
   */
  public record Event(String subjectId, String actor, JsonObject payload) {}

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
    EventEnvelope envelope = envelope(tenantId, type, new Event(subjectId, actor, payload));
    return tx.preparedQuery(INSERT)
        .execute(
            Tuple.of(
                UUID.fromString(envelope.getEventId()),
                tenantId,
                topic(type),
                type,
                subjectId,
                actor,
                Buffer.buffer(envelope.toByteArray())))
        .map(done -> envelope);
  }

  /** Stores events of one {@code type}, in their order, in one statement. */
  public static Future<Void> appendAll(
      SqlConnection tx, String tenantId, String type, List<Event> events) {
    List<EventEnvelope> envelopes =
        events.stream().map(event -> envelope(tenantId, type, event)).toList();
    return tx.preparedQuery(INSERT_ALL)
        .execute(
            Tuple.of(
                tenantId,
                topic(type),
                type,
                envelopes.stream().map(e -> UUID.fromString(e.getEventId())).toArray(UUID[]::new),
                events.stream().map(Event::subjectId).toArray(String[]::new),
                events.stream().map(Event::actor).toArray(String[]::new),
                envelopes.stream().map(e -> Buffer.buffer(e.toByteArray())).toArray(Buffer[]::new)))
        .mapEmpty();
  }

  private static EventEnvelope envelope(String tenantId, String type, Event event) {
    Instant now = Instant.now();
    return EventEnvelope.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setTenantId(tenantId)
        .setType(type)
        .setOccurredAt(
            Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .setActor(event.actor())
        .setSubjectId(event.subjectId())
        .setPayload(ByteString.copyFrom(event.payload().encode(), StandardCharsets.UTF_8))
        .build();
  }

  private static String topic(String type) {
    return TOPIC_PREFIX + type.substring(0, type.indexOf('.'));
  }
}
