package io.switchboard.loadtests.voice;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What a run measured, as one {@code RESULT key=value ...} line and as JSON. */
record RunResult(Map<String, Object> fields) {

  RunResult {
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The value of {@code key}, or null. */
  Object get(String key) {
    return fields.get(key);
  }

  /** {@code RESULT key=value ...}, numbers with at most two decimals. */
  String line() {
    StringBuilder out = new StringBuilder("RESULT");
    fields.forEach((k, v) -> out.append(' ').append(k).append('=').append(format(v)));
    return out.toString();
  }

  JsonObject json() {
    JsonObject json = new JsonObject();
    fields.forEach((k, v) -> json.put(k, v instanceof Double d && d.isNaN() ? null : v));
    return json;
  }

  private static String format(Object value) {
    if (value instanceof Double d) {
      return d.isNaN() ? "NaN" : String.format(Locale.ROOT, "%.2f", d);
    }
    return String.valueOf(value).replace(' ', '_');
  }
}
