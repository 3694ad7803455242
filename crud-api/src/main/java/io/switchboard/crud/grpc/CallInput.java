package io.switchboard.crud.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.switchboard.crud.http.Idempotency;
import io.switchboard.crud.http.Uuids;
import io.switchboard.platform.auth.Caller;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One authenticated unary call, read the way REST reads a request: ids like path parameters, the
 * version like {@code If-Match}, the other fields as the JSON body, {@code idempotency-key}
 * metadata like the {@code Idempotency-Key} header.
 *
 * @param caller the verified caller
 * @param message the request message
 * @param metadata the call's request metadata
 * @param method the full method name, which stands for REST's method and path in idempotency
 */
record CallInput<Req extends Message>(
    Caller caller, Req message, MultiMap metadata, String method) {

  /** Field of update requests with the version the change is based on. */
  static final String EXPECTED_VERSION = "expected_version";

  /** Field of the id of the addressed entity, REST's {@code {id}} path parameter. */
  static final String ID = "id";

  /** Metadata key of the idempotency key; gRPC metadata keys are lowercase. */
  static final String IDEMPOTENCY_KEY = "idempotency-key";

  /** The UUID in the string field {@code field}; anything else fails with {@code Invalid}. */
  UUID uuid(String field) {
    return Uuids.parse(field, (String) message.getField(descriptor(field)));
  }

  /** The id of the addressed entity. */
  UUID id() {
    return uuid(ID);
  }

  /** The version an update is based on; versions start at 1, so 0 means it was not sent. */
  long expectedVersion() {
    return GrpcInputs.expectedVersion((Long) message.getField(descriptor(EXPECTED_VERSION)));
  }

  /** The fields the request sends, but for the id and the version, as a REST body. */
  Buffer body() {
    return fields().toBuffer();
  }

  /**
   * The fields an update sends, but for the id and the version, as a REST body; an update that
   * sends none is refused, as REST refuses an empty {@code PATCH} body.
   */
  Buffer changes() {
    return GrpcInputs.changes(fields());
  }

  private JsonObject fields() {
    JsonObject json = ProtoJson.toJson(message);
    json.remove(ID);
    json.remove(EXPECTED_VERSION);
    return json;
  }

  /** The {@code idempotency-key} metadata, checked, or null. */
  String idempotencyKey() {
    return Idempotency.key(metadata.get(IDEMPOTENCY_KEY));
  }

  /** The digest identifying this request for idempotency: the method and the message bytes. */
  String requestHash() {
    return Idempotency.hash("grpc", method, Buffer.buffer(message.toByteArray()));
  }

  private FieldDescriptor descriptor(String field) {
    return message.getDescriptorForType().findFieldByName(field);
  }
}
