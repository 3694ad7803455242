package io.switchboard.platform.cluster;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import io.switchboard.platform.config.ClusterConfig;
import io.switchboard.platform.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Turns a {@link ClusterConfig} into the Hazelcast cluster manager and clustered Vert.x a node
 * runs.
 */
public final class HazelcastClusterFactory {

  /**
   * The configuration vertx-hazelcast ships: the subscription multimap and node maps its event bus
   * relies on, with the backups and value collection type it expects. Only the network part is
   * ours.
   */
  private static final String VERTX_DEFAULTS = "default-cluster.xml";

  /** Read by Hazelcast's address picker from the config's properties; it has no typed setter. */
  private static final String LOCAL_ADDRESS_PROPERTY = "hazelcast.local.localAddress";

  /**
   * Longest a leaving member waits for its partitions to migrate to the others. Hazelcast's default
   * of 600 s would let one slow member hold up a rolling restart for ten minutes.
   */
  private static final int GRACEFUL_SHUTDOWN_MAX_WAIT_SECONDS = 30;

  private HazelcastClusterFactory() {}

  /**
   * A clustered Vert.x that joins the cluster {@code cluster} describes, its event bus reachable
   * from other machines at {@code cluster.host()}. {@code options} is not modified; its event-bus
   * port (0 by default, a free one) is kept.
   *
   * @throws ConfigException if {@code cluster} asks for two join methods at once
   */
  public static Future<Vertx> clusteredVertx(VertxOptions options, ClusterConfig cluster) {
    VertxOptions clustered = new VertxOptions(options);
    EventBusOptions eventBus = clustered.getEventBusOptions();
    // Without an explicit host the bus would advertise whatever the cluster manager picked, which
    // may not be an address the other machines can reach.
    eventBus.setHost(cluster.host()).setClusterPublicHost(cluster.host());
    return Vertx.builder()
        .with(clustered)
        .withClusterManager(clusterManager(cluster))
        .buildClustered();
  }

  /**
   * A cluster manager for {@code cluster}; Hazelcast starts when Vert.x joins with it.
   *
   * @throws ConfigException if {@code cluster} asks for two join methods at once
   */
  public static HazelcastClusterManager clusterManager(ClusterConfig cluster) {
    return new HazelcastClusterManager(hazelcastConfig(cluster));
  }

  /**
   * vertx-hazelcast's default configuration with the cluster name, address, port and discovery of
   * {@code cluster}. With port 0 a free port is chosen now, so the member's address is known before
   * it starts.
   *
   * @throws ConfigException if {@code cluster} asks for two join methods at once
   */
  public static Config hazelcastConfig(ClusterConfig cluster) {
    if (cluster.multicast() && !cluster.members().isEmpty()) {
      // Hazelcast refuses to start with more than one join method enabled.
      throw new ConfigException(
          "cluster.multicast", "cannot be combined with cluster.members; choose one way to join");
    }
    Config config =
        new ClasspathXmlConfig(HazelcastClusterManager.class.getClassLoader(), VERTX_DEFAULTS);
    config.setClusterName(cluster.name());
    config.setProperty(ClusterProperty.LOGGING_TYPE.getName(), "slf4j");
    config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
    config.setProperty(
        ClusterProperty.GRACEFUL_SHUTDOWN_MAX_WAIT.getName(),
        Integer.toString(GRACEFUL_SHUTDOWN_MAX_WAIT_SECONDS));
    // Bind to the configured address only, instead of every interface of the machine.
    config.setProperty(LOCAL_ADDRESS_PROPERTY, cluster.host());
    config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");

    NetworkConfig network = config.getNetworkConfig();
    int port = cluster.port() == 0 ? freePort(cluster.host()) : cluster.port();
    // Auto-increment would let a member silently take a port other members do not list.
    network.setPort(port).setPortAutoIncrement(false).setPublicAddress(cluster.host());

    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(cluster.multicast());
    // Without multicast the member list is the way in, even when empty: this node then starts a
    // cluster that others join by listing it.
    join.getTcpIpConfig().setEnabled(!cluster.multicast()).setMembers(cluster.members());
    return config;
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on cluster.host " + host, e);
    }
  }
}
