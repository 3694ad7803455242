package io.switchboard.crud.http;

import io.switchboard.platform.error.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.json.schema.OutputUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the failed keywords of a JSON Schema validation into one {@link FieldError} per field: the
 * field named by its path in the body ({@code body}, {@code labels[2]}, {@code
 * segments[0].startMs}, {@code $} for the body as a whole) and a reason in words, with the limit
 * taken from the schema.
 */
final class SchemaErrors {

  // Keywords that only say a sub-schema failed; the sub-schema's own keyword says why.
  private static final Set<String> WRAPPERS =
      Set.of("properties", "items", "prefixItems", "patternProperties", "$ref", "allOf");

  private static final Map<String, String> TYPE_WORDS =
      Map.of(
          "string", "a string",
          "integer", "an integer",
          "number", "a number",
          "boolean", "true or false",
          "object", "a JSON object",
          "array", "an array");

  private static final Map<String, String> FORMAT_REASONS =
      Map.of(
          "uuid", "must be a UUID",
          "date-time", "must be an ISO-8601 timestamp with offset, e.g. 2025-01-31T12:00:00Z");

  private final JsonObject schema;
  private final JsonObject document;

  /**
   * @param schema the request body schema as written in the document
   * @param document the whole document, which the schema's {@code $ref}s point into
   */
  SchemaErrors(JsonObject schema, JsonObject document) {
    this.schema = schema;
    this.document = document;
  }

  /** The refused fields of {@code body} that {@code result} reports, each once. */
  List<FieldError> of(OutputUnit result, Object body) {
    List<OutputUnit> failed = new ArrayList<>();
    for (OutputUnit unit :
        result.getErrors() == null ? List.<OutputUnit>of() : result.getErrors()) {
      if (!WRAPPERS.contains(keyword(unit)) && !inNullAlternative(unit)) {
        failed.add(unit);
      }
    }
    Map<String, Ranked> byField = new LinkedHashMap<>();
    for (OutputUnit unit : failed) {
      String keyword = keyword(unit);
      if (keyword.equals("additionalProperties")) {
        // The validator also lists declared properties whose own schema failed; only a property
        // with no error of its own, nor inside it, is one the schema does not know.
        if (!hasOwnErrors(failed, unit.getInstanceLocation())) {
          keep(byField, field(unit.getInstanceLocation(), body), 0, "is not a known field");
        }
      } else if (keyword.equals("required")) {
        missing(unit, body).forEach(name -> keep(byField, name, 0, "is required"));
      } else if (!isAlternative(keyword) || !explainedInside(failed, unit)) {
        String reason = reason(keyword, unit);
        keep(
            byField,
            field(unit.getInstanceLocation(), body),
            keyword.equals("type") ? 1 : 2,
            reason);
      }
    }
    return byField.entrySet().stream()
        .map(e -> new FieldError(e.getKey(), e.getValue().reason()))
        .collect(Collectors.toList());
  }

  private static boolean hasOwnErrors(List<OutputUnit> failed, String instanceLocation) {
    return failed.stream()
        .filter(other -> !keyword(other).equals("additionalProperties"))
        .map(OutputUnit::getInstanceLocation)
        .anyMatch(at -> at.equals(instanceLocation) || at.startsWith(instanceLocation + "/"));
  }

  private static boolean isAlternative(String keyword) {
    return keyword.equals("oneOf") || keyword.equals("anyOf");
  }

  // A failed oneOf whose non-null alternative said what is wrong needs no reason of its own.
  private static boolean explainedInside(List<OutputUnit> failed, OutputUnit alternative) {
    String inside = alternative.getKeywordLocation() + "/";
    return failed.stream().anyMatch(other -> other.getKeywordLocation().startsWith(inside));
  }

  // "Or null" is written as an alternative {type: null}; a value that is not null failing it says
  // nothing the other alternative does not say better.
  private boolean inNullAlternative(OutputUnit unit) {
    String location = unit.getKeywordLocation();
    for (String alternative : List.of("/oneOf/", "/anyOf/")) {
      int at = location.lastIndexOf(alternative);
      if (at >= 0) {
        int end = location.indexOf('/', at + alternative.length());
        Object branch = at(end < 0 ? location : location.substring(0, end));
        if (branch instanceof JsonObject schema && "null".equals(schema.getValue("type"))) {
          return true;
        }
      }
    }
    return false;
  }

  private record Ranked(int rank, String reason) {}

  // One reason a field: a missing or unknown field first, then a wrong type, then the rest.
  private static void keep(Map<String, Ranked> byField, String field, int rank, String reason) {
    Ranked kept = byField.get(field);
    if (kept == null || rank < kept.rank()) {
      byField.put(field, new Ranked(rank, reason));
    }
  }

  private String reason(String keyword, OutputUnit unit) {
    Object limit = at(unit.getKeywordLocation());
    switch (keyword) {
      case "type":
        return "must be " + typeWords(limit);
      case "enum":
        return "must be one of " + enumWords(limit);
      case "const":
        return "must be " + limit;
      case "format":
        return formatWords(String.valueOf(limit));
      case "pattern":
        return "must match the pattern " + limit;
      case "minLength":
        return Objects.equals(limit, 1)
            ? "must not be empty"
            : "must be at least " + limit + " characters";
      case "maxLength":
        return "must be at most " + limit + " characters";
      case "minItems":
        return "must have at least " + limit + (Objects.equals(limit, 1) ? " item" : " items");
      case "maxItems":
        return "must have at most " + limit + " items";
      case "uniqueItems":
        return "must not repeat an item";
      case "minimum":
        return "must be at least " + limit;
      case "maximum":
        return "must be at most " + limit;
      case "minProperties":
        return "must set at least one of " + String.join(", ", propertyNames(unit));
      case "maxProperties":
        return "must have at most " + limit + " fields";
      case "oneOf":
      case "anyOf":
        return "is none of the allowed forms";
      default:
        return unit.getError();
    }
  }

  private static String typeWords(Object type) {
    List<String> words = new ArrayList<>();
    if (type instanceof JsonArray types) {
      types.forEach(t -> words.add(typeWord(String.valueOf(t))));
    } else {
      words.add(typeWord(String.valueOf(type)));
    }
    return String.join(" or ", words);
  }

  private static String typeWord(String type) {
    return TYPE_WORDS.getOrDefault(type, type);
  }

  private static String enumWords(Object values) {
    if (!(values instanceof JsonArray list)) {
      return String.valueOf(values);
    }
    return list.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
  }

  private static String formatWords(String format) {
    return FORMAT_REASONS.getOrDefault(format, "must be a valid " + format);
  }

  // The names a failed "required" keyword wanted that the object at its location lacks.
  private List<String> missing(OutputUnit unit, Object body) {
    Object required = at(unit.getKeywordLocation());
    Object instance = instanceAt(unit.getInstanceLocation(), body);
    String prefix = field(unit.getInstanceLocation(), body);
    List<String> names = new ArrayList<>();
    if (required instanceof JsonArray list && instance instanceof JsonObject object) {
      for (Object name : list) {
        if (!object.containsKey(String.valueOf(name))) {
          names.add(
              prefix.equals(JsonInput.WHOLE_BODY) ? String.valueOf(name) : prefix + "." + name);
        }
      }
    }
    return names;
  }

  private List<String> propertyNames(OutputUnit unit) {
    String location = unit.getKeywordLocation();
    Object owner = at(location.substring(0, location.lastIndexOf('/')));
    if (owner instanceof JsonObject object
        && object.getValue("properties") instanceof JsonObject p) {
      return new ArrayList<>(p.fieldNames());
    }
    return List.of("its fields");
  }

  private static String keyword(OutputUnit unit) {
    String location = unit.getKeywordLocation();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** The path of the field at {@code instanceLocation}, e.g. {@code #/labels/2} is labels[2]. */
  private static String field(String instanceLocation, Object body) {
    List<String> segments = segments(instanceLocation);
    if (segments.isEmpty()) {
      return JsonInput.WHOLE_BODY;
    }
    StringBuilder path = new StringBuilder();
    Object node = body;
    for (String segment : segments) {
      if (node instanceof JsonArray array) {
        path.append('[').append(segment).append(']');
        node = array.getValue(Integer.parseInt(segment));
      } else {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(segment);
        node = node instanceof JsonObject object ? object.getValue(segment) : null;
      }
    }
    return path.toString();
  }

  private static Object instanceAt(String instanceLocation, Object body) {
    Object node = body;
    for (String segment : segments(instanceLocation)) {
      if (node instanceof JsonArray array) {
        node = array.getValue(Integer.parseInt(segment));
      } else if (node instanceof JsonObject object) {
        node = object.getValue(segment);
      } else {
        return null;
      }
    }
    return node;
  }

  // The value at a keyword location of the schema, following $refs into the document.
  private Object at(String keywordLocation) {
    Object node = schema;
    for (String segment : segments(keywordLocation)) {
      while (node instanceof JsonObject object
          && !object.containsKey(segment)
          && object.getValue("$ref") instanceof String ref) {
        node = JsonPointer.from(ref.substring(ref.indexOf('#') + 1)).queryJson(document);
      }
      if (node instanceof JsonObject object) {
        node = object.getValue(segment);
      } else if (node instanceof JsonArray array) {
        node = array.getValue(Integer.parseInt(segment));
      } else {
        return null;
      }
    }
    return node;
  }

  // "#/a/b~1c" is [a, b/c]; "#" is [].
  private static List<String> segments(String location) {
    String pointer = location.startsWith("#") ? location.substring(1) : location;
    List<String> segments = new ArrayList<>();
    for (String raw : pointer.split("/")) {
      if (!raw.isEmpty()) {
        segments.add(raw.replace("~1", "/").replace("~0", "~"));
      }
    }
    return segments;
  }
}
