package io.switchboard.platform.config;

import java.util.List;

/**
 * How the node logs.
 *
 * @param format {@code text} for people or {@code json} for log pipelines
 * @param level root level
 */
public record LoggingConfig(String format, String level) {

  private static final List<String> FORMATS = List.of("text", "json");
  private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  public LoggingConfig {
    Checks.require(
        FORMATS.contains(format), "logging.format", "must be text or json, got '" + format + "'");
    Checks.require(
        LEVELS.contains(level),
        "logging.level",
        "must be one of " + String.join(", ", LEVELS) + ", got '" + level + "'");
  }

  /** True for JSON lines. */
  public boolean json() {
    return format.equals("json");
  }
}
