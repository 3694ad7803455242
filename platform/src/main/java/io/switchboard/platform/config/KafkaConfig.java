package io.switchboard.platform.config;

/**
 * Where domain events go.
 *
 * @param bootstrapServers {@code host:port[,host:port]}, or empty to keep events in the outbox
 */
public record KafkaConfig(String bootstrapServers) {

  public KafkaConfig {
    Checks.require(
        bootstrapServers.isEmpty()
            || bootstrapServers.matches("[^:,\\s]+:\\d{1,5}(,[^:,\\s]+:\\d{1,5})*"),
        "kafka.bootstrap-servers",
        "must look like host:port[,host:port], got '" + bootstrapServers + "'");
  }

  /** True when a broker is configured. */
  public boolean enabled() {
    return !bootstrapServers.isEmpty();
  }
}
