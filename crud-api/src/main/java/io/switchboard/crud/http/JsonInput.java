package io.switchboard.crud.http;

import io.switchboard.platform.error.FieldError;
import io.switchboard.platform.error.Invalid;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the fields of one JSON request body, collecting every problem with its field name so that a
 * client learns all of them at once; {@link #check()} then throws one {@link Invalid}.
 */
public final class JsonInput {

  /** Field name reported when the body as a whole is refused. */
  public static final String WHOLE_BODY = "$";

  private final JsonObject json;
  private final List<FieldError> errors = new ArrayList<>();

  private JsonInput(JsonObject json) {
    this.json = json;
  }

  /**
   * The body as a JSON object whose keys are all in {@code allowed}; refuses a missing body,
   * non-JSON, a non-object and every unknown field.
   */
  public static JsonInput of(Buffer body, Set<String> allowed) {
    if (body == null || body.length() == 0) {
      throw Invalid.field(WHOLE_BODY, "a JSON object is required");
    }
    Object parsed;
    try {
      parsed = body.toJsonValue();
    } catch (DecodeException e) {
      throw Invalid.field(WHOLE_BODY, "not valid JSON");
    }
    if (!(parsed instanceof JsonObject object)) {
      throw Invalid.field(WHOLE_BODY, "must be a JSON object");
    }
    return of(object, allowed);
  }

  /**
   * A request that arrived already parsed (an event-bus message) whose keys are all in {@code
   * allowed}; refuses every unknown field, as a body would be.
   */
  public static JsonInput of(JsonObject object, Set<String> allowed) {
    JsonInput input = new JsonInput(object);
    object.fieldNames().stream()
        .filter(name -> !allowed.contains(name))
        .sorted()
        .forEach(name -> input.errors.add(new FieldError(name, "unknown field")));
    input.errors.addAll(StorableText.problems(object));
    return input;
  }

  /** A reader over fields that were already parsed, e.g. from an event-bus message. */
  public static JsonInput of(JsonObject json) {
    JsonInput input = new JsonInput(json == null ? new JsonObject() : json);
    input.errors.addAll(StorableText.problems(input.json));
    return input;
  }

  /** True when the field is present, even as null. */
  public boolean has(String field) {
    return json.containsKey(field);
  }

  /** True when the field is present as JSON null. */
  public boolean isNull(String field) {
    return json.containsKey(field) && json.getValue(field) == null;
  }

  /** A string of 1 to {@code maxLength} characters without NUL, or null when absent or null. */
  public String string(String field, boolean required, int maxLength) {
    Object value = value(field, required);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      return refuse(field, "must be a string");
    }
    if (s.isEmpty()) {
      return refuse(field, "must not be empty");
    }
    if (s.length() > maxLength) {
      return refuse(field, "must be at most " + maxLength + " characters");
    }
    if (!StorableText.storable(s)) {
      // already named by the check of the whole body
      return null;
    }
    return s;
  }

  /** One of {@code allowed}, or null when absent or null. */
  public String oneOf(String field, boolean required, Set<String> allowed) {
    Object value = value(field, required);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || !allowed.contains(s)) {
      return refuse(
          field, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
    }
    return s;
  }

  /** A UUID in its canonical text form, or null when absent or null. */
  public UUID uuid(String field, boolean required) {
    Object value = value(field, required);
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      UUID parsed = Uuids.parseOrNull(s);
      if (parsed != null) {
        return parsed;
      }
    }
    return refuse(field, "must be a UUID");
  }

  /** A JSON object of at most {@code maxBytes} bytes when encoded, or null when absent or null. */
  public JsonObject object(String field, boolean required, int maxBytes) {
    Object value = value(field, required);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject object)) {
      return refuse(field, "must be a JSON object");
    }
    if (object.toBuffer().length() > maxBytes) {
      return refuse(field, "must be at most " + maxBytes + " bytes of JSON");
    }
    return object;
  }

  /** A boolean, or {@code fallback} when absent or null. */
  public boolean bool(String field, boolean fallback) {
    Object value = value(field, false);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      refuse(field, "must be true or false");
      return fallback;
    }
    return b;
  }

  /**
   * An array of at most {@code maxItems} distinct strings of 1 to {@code maxLength} characters, or
   * null when absent or null.
   */
  public List<String> strings(String field, int maxItems, int maxLength) {
    Object value = value(field, false);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      return refuse(field, "must be an array of strings");
    }
    if (array.size() > maxItems) {
      return refuse(field, "must have at most " + maxItems + " items");
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s)
          || s.isEmpty()
          || s.length() > maxLength
          || s.indexOf('\0') >= 0) {
        return refuse(field, "items must be strings of 1 to " + maxLength + " characters");
      }
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /** A whole number of 0 or more; 0 when absent (and not required) or refused. */
  public long nonNegative(String field, boolean required) {
    Object value = value(field, required);
    if (value == null) {
      return 0;
    }
    if (!(value instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 0) {
      reject(field, "must be an integer of 0 or more");
      return 0;
    }
    return n.longValue();
  }

  /** Records a problem found by the caller's own rule. */
  public void reject(String field, String reason) {
    errors.add(new FieldError(field, reason));
  }

  /** Throws one {@link Invalid} naming every refused field, if any was refused. */
  public void check() {
    if (!errors.isEmpty()) {
      throw new Invalid("the request has invalid fields", errors);
    }
  }

  private Object value(String field, boolean required) {
    Object value = json.getValue(field);
    if (value == null && required) {
      errors.add(new FieldError(field, "is required"));
    }
    return value;
  }

  private <T> T refuse(String field, String reason) {
    errors.add(new FieldError(field, reason));
    return null;
  }
}
