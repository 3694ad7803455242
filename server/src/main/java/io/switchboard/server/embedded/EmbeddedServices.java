package io.switchboard.server.embedded;

import io.switchboard.platform.config.SwitchboardConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Starts a real PostgreSQL and a real Redis for a node that has none configured, so that one
 * command runs the whole system on a fresh machine. Whatever is configured is used instead.
 * Blocking by nature: called from {@code main} before Vert.x starts, never from an event loop.
 */
public final class EmbeddedServices implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);

  /** Loopback only: an embedded server is for this machine, never for the network. */
  private static final String LOOPBACK = "127.0.0.1";

  private final EmbeddedPostgres postgres;
  private final RedisServer redis;
  private final SwitchboardConfig resolved;
  private final List<String> started;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedServices(
      EmbeddedPostgres postgres,
      RedisServer redis,
      SwitchboardConfig resolved,
      List<String> started) {
    this.postgres = postgres;
    this.redis = redis;
    this.resolved = resolved;
    this.started = List.copyOf(started);
  }

  /**
   * Starts what {@code config} leaves unconfigured and returns the services with the config filled
   * in.
   */
  public static EmbeddedServices start(SwitchboardConfig config) {
    SwitchboardConfig resolved = config;
    List<String> started = new ArrayList<>();
    EmbeddedPostgres postgres = null;
    RedisServer redis = null;
    try {
      if (config.postgres().embedded()) {
        Path dir = Path.of(config.node().dataDir(), "postgres").toAbsolutePath().normalize();
        Files.createDirectories(dir.getParent());
        postgres =
            EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                // The node's own shutdown hook stops it, after the node: a hook of its own
                // would race that one and cut the node's connections while it drains.
                .setRegisterShutdownHook(false)
                .start();
        String url = "postgresql://postgres@" + LOOPBACK + ":" + postgres.getPort() + "/postgres";
        resolved = resolved.withPostgres(resolved.postgres().withUrl(url));
        started.add("PostgreSQL at " + url + " (data in " + dir + ")");
      }
      if (config.redis().embedded()) {
        int port = freePort();
        redis =
            RedisServer.newRedisServer()
                .bind(LOOPBACK)
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                // Stopped by the node's shutdown hook, after the node, as PostgreSQL is.
                .onShutdownForceStop(false)
                .build();
        redis.start();
        String url = "redis://" + LOOPBACK + ":" + port;
        resolved = resolved.withRedis(resolved.redis().withUrl(url));
        started.add("Redis at " + url + " (in memory)");
      }
    } catch (IOException e) {
      new EmbeddedServices(postgres, redis, resolved, started).close();
      throw new UncheckedIOException("could not start embedded services: " + e.getMessage(), e);
    }
    return new EmbeddedServices(postgres, redis, resolved, started);
  }

  /** The configuration with the embedded services' addresses filled in. */
  public SwitchboardConfig config() {
    return resolved;
  }

  /** One line per service started here, for the start-up banner. */
  public List<String> started() {
    return started;
  }

  /** Stops the embedded PostgreSQL, leaving its data in place; used to test readiness. */
  public void stopPostgres() {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
  }

  /** Stops what was started here; later calls do nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (redis != null) {
      try {
        redis.stop();
      } catch (IOException e) {
        LOG.warn("Embedded Redis did not stop cleanly: {}", e.getMessage());
      }
    }
    stopPostgres();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
