package io.switchboard.platform.config;

/** Configuration that cannot be used; its message is one line naming the setting and the fault. */
public final class ConfigException extends RuntimeException {

  private final String setting;

  public ConfigException(String setting, String problem) {
    super("invalid configuration: " + setting + " " + problem);
    this.setting = setting;
  }

  /** The dotted name of the offending setting, e.g. {@code http.port}. */
  public String setting() {
    return setting;
  }
}
