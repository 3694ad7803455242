package io.switchboard.platform.config;

/**
 * The HTTP and WebSocket front of a node.
 *
 * @param host bind address
 * @param port bind port; 0 picks a free one
 * @param instances event-loop verticle instances; 0 means one per core
 * @param maxBodyBytes largest request body accepted
 */
public record HttpConfig(String host, int port, int instances, int maxBodyBytes) {

  /** Upper bound on verticle instances: more than a few per core only adds contention. */
  public static final int MAX_INSTANCES = 256;

  /** Upper bound on request bodies: 64 MiB; larger uploads do not belong on this front. */
  public static final int MAX_BODY_LIMIT = 64 * 1024 * 1024;

  public HttpConfig {
    Checks.require(!host.isBlank(), "http.host", "must not be empty");
    Checks.range(port, 0, 65_535, "http.port");
    Checks.range(instances, 0, MAX_INSTANCES, "http.instances");
    Checks.range(maxBodyBytes, 1024, MAX_BODY_LIMIT, "http.max-body-bytes");
  }

  /** Instances to deploy on a machine with {@code cores} cores. */
  public int effectiveInstances(int cores) {
    return instances == 0 ? Math.max(1, cores) : instances;
  }
}
