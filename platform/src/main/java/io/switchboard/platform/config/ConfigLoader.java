package io.switchboard.platform.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the configuration once at start-up: the packed defaults ({@code config/default.yaml}), then
 * an optional file, then {@code switchboard.*} system properties, then {@code SWITCHBOARD_*}
 * environment variables. The defaults file is also the schema: a setting it does not list is a
 * typo, and a value must have the type of the default.
 */
public final class ConfigLoader {

  /** Classpath location of the documented defaults. */
  public static final String DEFAULTS_RESOURCE = "switchboard/default.yaml";

  /** Prefix of system properties that set configuration. */
  public static final String PROPERTY_PREFIX = "switchboard.";

  /** Prefix of environment variables that set configuration. */
  public static final String ENV_PREFIX = "SWITCHBOARD_";

  /** Environment variables under this prefix belong to the test suite, not to a node. */
  public static final String TEST_ENV_PREFIX = "SWITCHBOARD_TEST_";

  private static final int MAX_TYPO_DISTANCE = 2;

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
  private final ObjectMapper binder =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
  private final ObjectNode defaults;
  private final Map<String, JsonNode> leaves = new TreeMap<>();

  /** A loader whose schema is the packed defaults. */
  public ConfigLoader() {
    this.defaults = readDefaults();
    collectLeaves("", defaults);
  }

  /**
   * Loads the configuration of this process: {@code file} if given, the JVM's system properties and
   * the process environment.
   */
  public SwitchboardConfig load(Optional<Path> file) {
    Map<String, String> properties = new LinkedHashMap<>();
    System.getProperties().forEach((k, v) -> properties.put(k.toString(), v.toString()));
    return load(file, properties, System.getenv());
  }

  /** Loads from explicit sources, weakest first; throws {@link ConfigException} on bad input. */
  public SwitchboardConfig load(
      Optional<Path> file, Map<String, String> properties, Map<String, String> environment) {
    ObjectNode merged = defaults.deepCopy();
    file.ifPresent(path -> overlayFile(merged, path));
    properties.forEach(
        (name, value) -> {
          if (name.startsWith(PROPERTY_PREFIX)) {
            String setting = name.substring(PROPERTY_PREFIX.length());
            overlayString(merged, setting, value, "system property " + name);
          }
        });
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX) && !name.startsWith(TEST_ENV_PREFIX)) {
            overlayString(merged, settingForVariable(name), value, "environment variable " + name);
          }
        });
    return bind(merged);
  }

  /** The environment variable that sets {@code setting}, e.g. {@code SWITCHBOARD_HTTP_PORT}. */
  public static String variableFor(String setting) {
    return ENV_PREFIX + setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private ObjectNode readDefaults() {
    try (InputStream in =
        ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      return (ObjectNode) yaml.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULTS_RESOURCE, e);
    }
  }

  private void collectLeaves(String prefix, JsonNode node) {
    node.fields()
        .forEachRemaining(
            field -> {
              String path = prefix + field.getKey();
              if (field.getValue().isObject()) {
                collectLeaves(path + ".", field.getValue());
              } else {
                leaves.put(path, field.getValue());
              }
            });
  }

  private void overlayFile(ObjectNode merged, Path path) {
    JsonNode tree;
    try {
      tree = yaml.readTree(Files.readString(path));
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "file " + path,
          "is not valid YAML at line "
              + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException("file " + path, "cannot be read: " + e.getMessage());
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return; // an empty file changes nothing
    }
    if (!tree.isObject()) {
      throw new ConfigException("file " + path, "must hold a mapping of settings");
    }
    overlayTree(merged, "", tree);
  }

  private void overlayTree(ObjectNode target, String prefix, JsonNode source) {
    Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = prefix + field.getKey();
      JsonNode current = target.get(field.getKey());
      if (current == null) {
        throw unknown(path);
      }
      JsonNode value = field.getValue();
      if (current.isObject()) {
        if (!value.isObject()) {
          throw new ConfigException(path, "must be a section of settings, got " + describe(value));
        }
        overlayTree((ObjectNode) current, path + ".", value);
      } else {
        target.set(field.getKey(), checked(path, current, value));
      }
    }
  }

  private void overlayString(ObjectNode merged, String setting, String raw, String source) {
    JsonNode current = leaves.get(setting);
    if (current == null) {
      throw new ConfigException(source, "does not name a setting" + suggestion(setting));
    }
    JsonNode value = parse(setting, current, raw.trim());
    ObjectNode parent = merged;
    String[] parts = setting.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      parent = (ObjectNode) parent.get(parts[i]);
    }
    parent.set(parts[parts.length - 1], value);
  }

  private String settingForVariable(String variable) {
    for (String setting : leaves.keySet()) {
      if (variableFor(setting).equals(variable)) {
        return setting;
      }
    }
    String guess = variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
    throw new ConfigException(
        "environment variable " + variable, "does not name a setting" + suggestionForVar(guess));
  }

  /** Turns a string from a property or variable into a value of the default's type. */
  private static JsonNode parse(String setting, JsonNode current, String raw) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (current.isIntegralNumber()) {
      try {
        return nodes.numberNode(Long.parseLong(raw));
      } catch (NumberFormatException e) {
        throw new ConfigException(setting, "must be a whole number, got '" + raw + "'");
      }
    }
    if (current.isBoolean()) {
      if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
        return nodes.booleanNode(Boolean.parseBoolean(raw));
      }
      throw new ConfigException(setting, "must be true or false, got '" + raw + "'");
    }
    if (current.isArray()) {
      ArrayNode list = nodes.arrayNode();
      for (String item : raw.split(",")) {
        if (!item.isBlank()) {
          list.add(item.trim());
        }
      }
      return list;
    }
    return nodes.textNode(raw);
  }

  /** Checks a value from a file against the default's type. */
  private static JsonNode checked(String setting, JsonNode current, JsonNode value) {
    if (current.isIntegralNumber() && !value.isIntegralNumber()) {
      throw new ConfigException(setting, "must be a whole number, got " + describe(value));
    }
    if (current.isBoolean() && !value.isBoolean()) {
      throw new ConfigException(setting, "must be true or false, got " + describe(value));
    }
    if (current.isArray()) {
      if (!value.isArray()) {
        throw new ConfigException(setting, "must be a list, got " + describe(value));
      }
      for (JsonNode item : value) {
        if (!item.isValueNode() || item.isNull()) {
          throw new ConfigException(setting, "must be a list of values, got " + describe(item));
        }
      }
      ArrayNode strings = JsonNodeFactory.instance.arrayNode();
      value.forEach(item -> strings.add(item.asText()));
      return strings;
    }
    if (current.isTextual()) {
      if (!value.isValueNode() || value.isNull()) {
        throw new ConfigException(setting, "must be a text value, got " + describe(value));
      }
      return JsonNodeFactory.instance.textNode(value.asText());
    }
    return value;
  }

  private SwitchboardConfig bind(ObjectNode merged) {
    try {
      return binder.treeToValue(merged, SwitchboardConfig.class);
    } catch (JsonProcessingException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof ConfigException config) {
          throw config;
        }
      }
      throw new ConfigException("(all)", "cannot be read: " + e.getOriginalMessage());
    }
  }

  private ConfigException unknown(String path) {
    return new ConfigException(path, "is not a setting" + suggestion(path));
  }

  private String suggestion(String path) {
    List<String> close = new ArrayList<>();
    for (String setting : leaves.keySet()) {
      if (distance(setting, path) <= MAX_TYPO_DISTANCE) {
        close.add(setting);
      }
    }
    if (close.isEmpty()) {
      // A misspelt section name: compare the section prefix.
      for (String setting : leaves.keySet()) {
        String section = setting.substring(0, setting.indexOf('.'));
        if (!close.contains(section) && distance(section, path) <= MAX_TYPO_DISTANCE) {
          close.add(section);
        }
      }
    }
    return close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)";
  }

  private String suggestionForVar(String lowered) {
    for (String setting : leaves.keySet()) {
      String flat = setting.replace('.', '_').replace('-', '_');
      if (distance(flat, lowered) <= MAX_TYPO_DISTANCE) {
        return " (did you mean " + variableFor(setting) + "?)";
      }
    }
    return "";
  }

  private static String describe(JsonNode value) {
    if (value.isNull()) {
      return "no value";
    }
    if (value.isContainerNode()) {
      return value.isArray() ? "a list" : "a section";
    }
    return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
  }

  /** Levenshtein distance, for "did you mean" hints. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
