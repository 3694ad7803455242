package io.switchboard.crud.db;

import java.util.UUID;

/**
 * Values written into SQL text as literals, for the one message of a one-trip read (a simple query
 * takes no parameters). Only values whose literal cannot change what the text means are written:
 * strings as escape strings, whose meaning does not depend on {@code standard_conforming_strings},
 * and never with a NUL, which would end the message's text; whole numbers, booleans, UUIDs and
 * null. Anything else is not written, and the caller sends its statement with parameters instead.
 */
final class SqlLiterals {

  private SqlLiterals() {}

  /** {@code value} as a SQL literal, or null when it is not written as one. */
  static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof String text) {
      return string(text);
    }
    if (value instanceof UUID id) {
      return "'" + id + "'";
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return value.toString();
    }
    if (value instanceof Boolean flag) {
      return flag ? "true" : "false";
    }
    return null;
  }

  private static String string(String text) {
    StringBuilder literal = new StringBuilder(text.length() + 4).append("E'");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return null;
      }
      if (c == '\'' || c == '\\') {
        literal.append(c);
      }
      literal.append(c);
    }
    return literal.append('\'').toString();
  }
}
