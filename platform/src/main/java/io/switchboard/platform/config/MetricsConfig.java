package io.switchboard.platform.config;

/**
 * Metrics collection.
 *
 * @param enabled collect metrics and serve them at {@code /metrics}
 */
public record MetricsConfig(boolean enabled) {}
