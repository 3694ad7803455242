package io.switchboard.crud.http;

import io.switchboard.platform.error.FieldError;
import io.switchboard.platform.error.Invalid;
import io.vertx.core.MultiMap;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads query parameters, collecting every problem with the parameter's name; {@link #check()} then
 * throws one {@link Invalid}.
 */
public final class QueryInput {

  private final MultiMap params;
  private final List<FieldError> errors = new ArrayList<>();

  private QueryInput(MultiMap params) {
    this.params = params;
  }

  /** A reader over {@code params} whose names must all be in {@code allowed}. */
  public static QueryInput of(MultiMap params, Set<String> allowed) {
    QueryInput input = new QueryInput(params);
    params.names().stream()
        .filter(name -> !allowed.contains(name))
        .sorted()
        .forEach(name -> input.errors.add(new FieldError(name, "unknown parameter")));
    params.names().stream()
        .filter(name -> allowed.contains(name) && params.getAll(name).size() > 1)
        .sorted()
        .forEach(name -> input.errors.add(new FieldError(name, "must be given once")));
    return input;
  }

  /** The raw value, or null when absent. */
  public String string(String name, int maxLength) {
    String value = params.get(name);
    if (value == null) {
      return null;
    }
    if (value.isEmpty() || value.length() > maxLength) {
      return refuse(name, "must be 1 to " + maxLength + " characters");
    }
    if (!StorableText.storable(value)) {
      return refuse(name, StorableText.REASON);
    }
    return value;
  }

  /** An integer in {@code [min, max]}, or {@code fallback} when absent. */
  public long integer(String name, long min, long max, long fallback) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal below
    }
    refuse(name, "must be an integer from " + min + " to " + max);
    return fallback;
  }

  /** One of {@code allowed}, or {@code fallback} when absent. */
  public String oneOf(String name, Set<String> allowed, String fallback) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    if (!allowed.contains(value)) {
      return refuse(
          name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
    }
    return value;
  }

  /** A UUID, or null when absent. */
  public UUID uuid(String name) {
    String value = params.get(name);
    if (value == null) {
      return null;
    }
    UUID parsed = Uuids.parseOrNull(value);
    return parsed != null ? parsed : refuse(name, "must be a UUID");
  }

  /**
   * An ISO-8601 timestamp with offset, e.g. {@code 2025-01-31T12:00:00Z}, that {@link StorableTime}
   * accepts, or null when absent.
   */
  public OffsetDateTime timestamp(String name) {
    String value = params.get(name);
    if (value == null) {
      return null;
    }
    OffsetDateTime parsed;
    try {
      parsed = OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      return refuse(name, "must be an ISO-8601 timestamp with offset, e.g. 2025-01-31T12:00:00Z");
    }
    return StorableTime.storable(parsed) ? parsed : refuse(name, StorableTime.REASON);
  }

  /** A cursor returned by an earlier page, or null when absent. */
  public Cursor cursor() {
    String value = params.get(Cursor.PARAM);
    if (value == null) {
      return null;
    }
    try {
      return Cursor.decode(value);
    } catch (Invalid e) {
      errors.addAll(e.fieldErrors());
      return null;
    }
  }

  /** Records a problem found by the caller's own rule. */
  public void reject(String name, String reason) {
    errors.add(new FieldError(name, reason));
  }

  /** Throws one {@link Invalid} naming every refused parameter, if any was refused. */
  public void check() {
    if (!errors.isEmpty()) {
      throw new Invalid("the request has invalid parameters", errors);
    }
  }

  private <T> T refuse(String name, String reason) {
    errors.add(new FieldError(name, reason));
    return null;
  }
}
