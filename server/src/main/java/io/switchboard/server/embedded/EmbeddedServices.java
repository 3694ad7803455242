package io.switchboard.server.embedded;

import io.switchboard.platform.config.SwitchboardConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Starts a real PostgreSQL and a real Redis for a node that has none configured, so that one
 * command runs the whole system on a fresh machine. Whatever is configured is used instead. The
 * node holds its data folder's {@link DataFolderLock} while they run, stops what a node that died
 * on the folder left running ({@link Leftovers}) before starting its own, and a {@link Watchdog}
 * stops them should this node die without doing so. Blocking by nature: called from {@code main}
 * before Vert.x starts, never from an event loop.
 */
public final class EmbeddedServices implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);

  /** Loopback only: an embedded server is for this machine, never for the network. */
  private static final String LOOPBACK = "127.0.0.1";

  private final DataFolderLock lock;
  private final EmbeddedPostgres postgres;
  private final RedisServer redis;
  private final Watchdog watchdog;
  private final SwitchboardConfig resolved;
  private final List<String> started;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedServices(
      DataFolderLock lock,
      EmbeddedPostgres postgres,
      RedisServer redis,
      Watchdog watchdog,
      SwitchboardConfig resolved,
      List<String> started) {
    this.lock = lock;
    this.postgres = postgres;
    this.redis = redis;
    this.watchdog = watchdog;
    this.resolved = resolved;
    this.started = List.copyOf(started);
  }

  /**
   * Starts what {@code config} leaves unconfigured and returns the services with the config filled
   * in.
   *
   * @throws EmbeddedServicesException when they cannot start, with the reason in one line
   */
  public static EmbeddedServices start(SwitchboardConfig config) {
    if (!config.postgres().embedded() && !config.redis().embedded()) {
      return new EmbeddedServices(null, null, null, null, config, List.of());
    }
    Path dataDir = Path.of(config.node().dataDir()).toAbsolutePath().normalize();
    SwitchboardConfig resolved = config;
    List<String> started = new ArrayList<>();
    DataFolderLock lock = null;
    EmbeddedPostgres postgres = null;
    RedisServer redis = null;
    Watchdog watchdog = null;
    try {
      lock = DataFolderLock.acquire(dataDir);
      // The real path: leftovers are recognised by the paths the kernel reports for them.
      dataDir = dataDir.toRealPath();
      Path postgresDir = null;
      if (config.postgres().embedded()) {
        postgresDir = dataDir.resolve("postgres");
        Leftovers.stopPostgres(postgresDir);
        postgres = startPostgres(postgresDir, config.postgres().embeddedDurable());
        String url = "postgresql://postgres@" + LOOPBACK + ":" + postgres.getPort() + "/postgres";
        resolved = resolved.withPostgres(resolved.postgres().withUrl(url));
        started.add(
            "PostgreSQL at "
                + url
                + " (data in "
                + postgresDir
                + (config.postgres().embeddedDurable()
                    ? ")"
                    : "; NOT crash-safe: postgres.embedded-durable is false, so fsync and"
                        + " synchronous_commit are off)"));
      }
      EmbeddedRedis redisFiles = new EmbeddedRedis(dataDir.resolve("redis"));
      if (config.redis().embedded()) {
        Leftovers.stopRedis(redisFiles.pidFile(), redisFiles.binary());
        int port = freePort();
        redis = redisFiles.server(LOOPBACK, port);
        redis.start();
        String url = "redis://" + LOOPBACK + ":" + port;
        resolved = resolved.withRedis(resolved.redis().withUrl(url));
        started.add("Redis at " + url + " (in memory)");
      }
      watchdog =
          Watchdog.start(
              postgresDir,
              redis == null ? null : redisFiles.pidFile(),
              redis == null ? null : redisFiles.binary());
    } catch (IOException | RuntimeException e) {
      new EmbeddedServices(lock, postgres, redis, watchdog, resolved, started).close();
      if (e instanceof EmbeddedServicesException refused) {
        throw refused;
      }
      throw new EmbeddedServicesException(
          "could not start embedded services: " + e.getMessage(), e);
    }
    return new EmbeddedServices(lock, postgres, redis, watchdog, resolved, started);
  }

  private static EmbeddedPostgres startPostgres(Path dir, boolean durable) throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            // The node's own shutdown hook stops it, after the node: a hook of its own
            // would race that one and cut the node's connections while it drains.
            .setRegisterShutdownHook(false);
    // The library starts PostgreSQL with -F (no fsync) and synchronous_commit=off, made for
    // throw-away test databases; a -c given after -F wins, so these make every acknowledged
    // commit durable unless the operator opted out.
    String flush = durable ? "on" : "off";
    builder.setServerConfig("fsync", flush).setServerConfig("synchronous_commit", flush);
    return builder.start();
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

  /**
   * Stops what was started here, then stands the watchdog down and releases the data folder; later
   * calls do nothing.
   */
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
    if (watchdog != null) {
      watchdog.close();
    }
    if (lock != null) {
      try {
        lock.close();
      } catch (IOException e) {
        LOG.warn("Could not release the data folder's lock: {}", e.getMessage());
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
