package io.switchboard.platform.config;

/** Range and shape checks that configuration records run in their constructors. */
final class Checks {

  private Checks() {}

  static void require(boolean condition, String setting, String problem) {
    if (!condition) {
      throw new ConfigException(setting, problem);
    }
  }

  static void range(long value, long min, long max, String setting) {
    require(
        value >= min && value <= max,
        setting,
        "must be between " + min + " and " + max + ", got " + value);
  }
}
