package io.switchboard.platform.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.platform.config.SwitchboardConfig;

/**
 * What every role is handed at start-up: the node's resolved configuration (embedded dependencies
 * already filled in) and the registry for its meters.
 *
 * @param config resolved configuration
 * @param meters meter registry served at {@code /metrics}
 */
public record NodeContext(SwitchboardConfig config, MeterRegistry meters) {}
