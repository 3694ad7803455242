package io.switchboard.crud.http;

import io.switchboard.platform.error.Invalid;
import java.util.UUID;

/**
 * Parses UUIDs strictly, in canonical form only: {@link UUID#fromString} accepts shapes such as
 * {@code 1-1-1-1-1}. Read by hand rather than by a pattern, since every id of every request and
 * message passes here.
 */
public final class Uuids {

  private static final int LENGTH = 36;

  private Uuids() {}

  /** The UUID {@code text} spells in canonical form (hex digits of either case), or null. */
  public static UUID parseOrNull(String text) {
    if (text == null || text.length() != LENGTH) {
      return null;
    }
    long high = 0;
    long low = 0;
    int digits = 0;
    for (int i = 0; i < LENGTH; i++) {
      char c = text.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return null;
        }
        continue;
      }
      int value = hex(c);
      if (value < 0) {
        return null;
      }
      if (digits++ < 16) {
        high = high << 4 | value;
      } else {
        low = low << 4 | value;
      }
    }
    return new UUID(high, low);
  }

  /** The UUID {@code text} spells; anything else fails with {@link Invalid} on {@code field}. */
  public static UUID parse(String field, String text) {
    UUID parsed = parseOrNull(text);
    if (parsed == null) {
      throw Invalid.field(field, "must be a UUID");
    }
    return parsed;
  }

  // ASCII hex digits only: Character.digit would take other scripts' digits too.
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
