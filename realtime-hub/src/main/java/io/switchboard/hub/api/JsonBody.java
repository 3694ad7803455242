package io.switchboard.hub.api;

import io.switchboard.platform.error.Invalid;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A server API request body, read field by field: every refusal is an {@link Invalid} naming the
 * field by its path ({@code $} for the body as a whole), as the OpenAPI document describes it.
 */
final class JsonBody {

  /** Name of the body as a whole in field errors, as in the crud role's. */
  static final String WHOLE_BODY = "$";

  private final JsonObject json;
  private final String path;

  private JsonBody(JsonObject json, String path) {
    this.json = json;
    this.path = path;
  }

  /** The body, a JSON object holding no field outside {@code fields}. */
  static JsonBody of(Buffer body, Set<String> fields) {
    Object value;
    try {
      value = body == null || body.length() == 0 ? null : body.toJsonValue();
    } catch (DecodeException e) {
      throw Invalid.field(WHOLE_BODY, "not valid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw Invalid.field(WHOLE_BODY, "a JSON object is required");
    }
    return new JsonBody(object, "").only(fields);
  }

  private JsonBody only(Set<String> fields) {
    for (String field : json.fieldNames()) {
      if (!fields.contains(field)) {
        throw Invalid.field(path + field, "is not a known field");
      }
    }
    return this;
  }

  /** A string field; null when absent and not required. */
  String string(String field, boolean required) {
    Object value = json.getValue(field);
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw Invalid.field(path + field, required ? "a string is required" : "must be a string");
    }
    return s;
  }

  /** The JSON object in {@code field}, required. */
  JsonObject object(String field) {
    if (!(json.getValue(field) instanceof JsonObject object)) {
      throw Invalid.field(path + field, "a JSON object is required");
    }
    return object;
  }

  /** A nested object holding no field outside {@code fields}, or null when absent. */
  JsonBody nested(String field, Set<String> fields) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject object)) {
      throw Invalid.field(path + field, "a JSON object is required");
    }
    return new JsonBody(object, path + field + ".").only(fields);
  }

  /** The strings of an array field, required. */
  List<String> strings(String field) {
    if (!(json.getValue(field) instanceof JsonArray array)) {
      throw Invalid.field(path + field, "an array of strings is required");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String s)) {
        throw Invalid.field(path + field + "[" + i + "]", "must be a string");
      }
      out.add(s);
    }
    return out;
  }

  /** A whole number field in {@code [min, max]}, or {@code absent} when it is not there. */
  long integer(String field, long min, long max, long absent) {
    Object value = json.getValue(field);
    if (value == null) {
      return absent;
    }
    if (!(value instanceof Number n)
        || n.doubleValue() != n.longValue()
        || n.longValue() < min
        || n.longValue() > max) {
      throw Invalid.field(path + field, "must be a whole number from " + min + " to " + max);
    }
    return n.longValue();
  }

  /** A boolean field, false when absent. */
  boolean bool(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      throw Invalid.field(path + field, "must be true or false");
    }
    return b;
  }
}
