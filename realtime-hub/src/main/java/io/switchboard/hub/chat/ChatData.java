package io.switchboard.hub.chat;

import com.google.protobuf.ByteString;
import io.switchboard.hub.protocol.ErrorCode;
import io.switchboard.protos.hub.v1.ClientInfo;
import io.switchboard.protos.hub.v1.Publication;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The JSON carried in chat publications and rpc calls, in one place: what clients send and what the
 * hub publishes. See docs/protocol.md for every shape.
 */
public final class ChatData {

  /** Longest client message id. */
  public static final int MAX_CLIENT_MESSAGE_ID = 100;

  private ChatData() {}

  /** A publication of a stored message, at the message's offset in its conversation. */
  public static Publication messagePublication(JsonObject message) {
    JsonObject data = message.copy().put("type", "message");
    return Publication.newBuilder()
        .setData(ByteString.copyFromUtf8(data.encode()))
        .setOffset(message.getLong("offset"))
        .setInfo(ClientInfo.newBuilder().setUser(message.getString("author_id", "")))
        .build();
  }

  /** A publication outside the stream (typing, receipts, availability): no offset. */
  public static Publication notice(JsonObject data, String user, String client) {
    return Publication.newBuilder()
        .setData(ByteString.copyFromUtf8(data.encode()))
        .setInfo(ClientInfo.newBuilder().setUser(user).setClient(client))
        .build();
  }

  /**
   * The JSON object in {@code bytes}, holding no field outside {@code allowed}; else a bad-request
   * reply error.
   */
  public static JsonObject object(ByteString bytes, Set<String> allowed) {
    JsonObject json;
    try {
      json = bytes.isEmpty() ? new JsonObject() : new JsonObject(bytes.toStringUtf8());
    } catch (DecodeException | ClassCastException e) {
      throw ErrorCode.BAD_REQUEST.error("data must be a JSON object");
    }
    return onlyFields(json, allowed);
  }

  /** {@code json} when it holds no field outside {@code allowed}; else a bad-request error. */
  public static JsonObject onlyFields(JsonObject json, Set<String> allowed) {
    for (String field : json.fieldNames()) {
      if (!allowed.contains(field)) {
        throw ErrorCode.BAD_REQUEST.error("unknown field '" + field + "'");
      }
    }
    return json;
  }

  /** A string field, or null when absent; a bad-request reply error when of another type. */
  public static String string(JsonObject json, String field, boolean required, int maxLength) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw ErrorCode.BAD_REQUEST.error(field + " is required");
      }
      return null;
    }
    if (!(value instanceof String s) || s.isEmpty()) {
      throw ErrorCode.BAD_REQUEST.error(field + " must be a non-empty string");
    }
    if (s.length() > maxLength) {
      throw ErrorCode.LIMIT_EXCEEDED.error(field + " longer than " + maxLength + " characters");
    }
    return s;
  }

  /** A boolean field, false when absent. */
  public static boolean bool(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      throw ErrorCode.BAD_REQUEST.error(field + " must be true or false");
    }
    return b;
  }

  /** A non-negative integer field; a bad-request reply error when absent or wrong. */
  public static long offset(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (!(value instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 0) {
      throw ErrorCode.BAD_REQUEST.error(field + " must be a non-negative integer");
    }
    return n.longValue();
  }
}
