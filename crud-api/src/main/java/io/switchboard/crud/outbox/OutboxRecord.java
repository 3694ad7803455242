package io.switchboard.crud.outbox;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/**
 * One unpublished row of the outbox, as the relay sends it.
 *
 * @param id position in the outbox; the relay publishes in this order
 * @param eventId consumers de-duplicate on it
 * @param tenantId the Kafka key, so the events of one tenant share a partition and keep order
 * @param topic the Kafka topic
 * @param type the event type, e.g. {@code ticket.created}
 * @param envelope the serialized {@code EventEnvelope}
 */
record OutboxRecord(
    long id, UUID eventId, String tenantId, String topic, String type, Buffer envelope) {

  static OutboxRecord from(Row row) {
    return new OutboxRecord(
        row.getLong("id"),
        row.getUUID("event_id"),
        row.getString("tenant_id"),
        row.getString("topic"),
        row.getString("type"),
        row.getBuffer("envelope"));
  }
}
