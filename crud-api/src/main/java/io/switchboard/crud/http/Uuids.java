package io.switchboard.crud.http;

import io.switchboard.platform.error.Invalid;
import java.util.UUID;
import java.util.regex.Pattern;

/** Parses UUIDs strictly: {@link UUID#fromString} accepts shapes such as {@code 1-1-1-1-1}. */
public final class Uuids {

  private static final Pattern CANONICAL =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private Uuids() {}

  /** The UUID {@code text} spells in canonical form, or null. */
  public static UUID parseOrNull(String text) {
    return text != null && CANONICAL.matcher(text).matches() ? UUID.fromString(text) : null;
  }

  /** The UUID {@code text} spells; anything else fails with {@link Invalid} on {@code field}. */
  public static UUID parse(String field, String text) {
    UUID parsed = parseOrNull(text);
    if (parsed == null) {
      throw Invalid.field(field, "must be a UUID");
    }
    return parsed;
  }
}
