package io.switchboard.platform.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.config.SwitchboardConfig;

/**
 * What every role is handed at start-up: the node's resolved configuration (embedded dependencies
 * already filled in), the registry for its meters and the verifier of callers' tokens.
 *
 * @param config resolved configuration
 * @param meters meter registry served at {@code /metrics}
 * @param tokens verifies bearer tokens; shared by every role and event loop
 */
public record NodeContext(SwitchboardConfig config, MeterRegistry meters, TokenVerifier tokens) {}
