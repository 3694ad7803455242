package io.switchboard.crud.http;

import io.switchboard.platform.error.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rule every string of a request meets, keys included: PostgreSQL refuses NUL in {@code text}
 * and {@code jsonb}, and stores a lone UTF-16 surrogate (from a JSON escape such as {@code
 * "\ud800"}) as {@code ?}, so either would fail or change on its way into the database; they are
 * refused with the field named instead.
 */
public final class StorableText {

  /** Reason given for a string that breaks the rule. */
  public static final String REASON = "must not contain NUL characters or lone surrogates";

  /** Reason given for an object with a key that breaks the rule. */
  public static final String KEY_REASON =
      "must not have keys with NUL characters or lone surrogates";

  private StorableText() {}

  /** True when PostgreSQL stores {@code text} and gives it back unchanged. */
  public static boolean storable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++; // the pair's low half
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * One error per string in {@code json} (a parsed body, or any value in it) that is not storable,
   * named by its path as the schema checks name fields ({@code settings.theme}, {@code labels[2]};
   * {@code $} for the body itself).
   */
  public static List<FieldError> problems(Object json) {
    List<FieldError> errors = new ArrayList<>();
    collect(json, "", errors);
    return errors;
  }

  private static void collect(Object value, String path, List<FieldError> errors) {
    if (value instanceof String text) {
      if (!storable(text)) {
        errors.add(new FieldError(name(path), REASON));
      }
    } else if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> field : object) {
        if (!storable(field.getKey())) {
          // the key itself is not repeated in the reply: it is what cannot be shown faithfully
          errors.add(new FieldError(name(path), KEY_REASON));
          continue;
        }
        collect(
            field.getValue(),
            path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
            errors);
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        collect(array.getValue(i), name(path) + "[" + i + "]", errors);
      }
    }
  }

  private static String name(String path) {
    return path.isEmpty() ? JsonInput.WHOLE_BODY : path;
  }
}
