package io.switchboard.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import io.switchboard.platform.config.ClusterConfig;
import io.switchboard.platform.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Hazelcast configuration from the cluster settings")
class HazelcastClusterFactoryTest {

  private static final ClusterConfig TWO_MEMBERS =
      new ClusterConfig(
          true, "switchboard-prod", "10.0.0.5", 5801, List.of("10.0.0.6:5801"), false);

  @Test
  @DisplayName("a member binds and advertises the configured host and port, and nothing else")
  void addressAndPort() {
    Config config = HazelcastClusterFactory.hazelcastConfig(TWO_MEMBERS);

    assertThat(config.getClusterName()).isEqualTo("switchboard-prod");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("10.0.0.5");
    assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("10.0.0.5");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
  }

  @Test
  @DisplayName("a member finds the others through the listed members only, and never calls home")
  void discovery() {
    Config config = HazelcastClusterFactory.hazelcastConfig(TWO_MEMBERS);
    JoinConfig join = config.getNetworkConfig().getJoin();

    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.6:5801");
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
  }

  @Test
  @DisplayName("multicast, when configured, is the only way a member looks for others")
  void multicast() {
    ClusterConfig multicast =
        new ClusterConfig(true, "switchboard-lan", "127.0.0.1", 5801, List.of(), true);
    JoinConfig join =
        HazelcastClusterFactory.hazelcastConfig(multicast).getNetworkConfig().getJoin();

    assertThat(join.getMulticastConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("the subscription map Vert.x's event bus relies on keeps its shipped settings")
  void vertxMaps() {
    MultiMapConfig subscriptions =
        HazelcastClusterFactory.hazelcastConfig(TWO_MEMBERS).getMultiMapConfig("__vertx.subs");

    assertThat(subscriptions.getValueCollectionType())
        .isEqualTo(MultiMapConfig.ValueCollectionType.SET);
    assertThat(subscriptions.getBackupCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("port 0 becomes a concrete free port before the member starts")
  void freePort() {
    ClusterConfig anyPort =
        new ClusterConfig(true, "switchboard-dev", "127.0.0.1", 0, List.of(), false);

    assertThat(HazelcastClusterFactory.hazelcastConfig(anyPort).getNetworkConfig().getPort())
        .isPositive();
  }

  @Test
  @DisplayName("multicast together with a member list is refused, naming the setting")
  void twoJoinMethods() {
    ClusterConfig both =
        new ClusterConfig(true, "switchboard-dev", "127.0.0.1", 0, List.of("127.0.0.1:5801"), true);

    assertThatThrownBy(() -> HazelcastClusterFactory.hazelcastConfig(both))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).setting())
        .isEqualTo("cluster.multicast");
  }
}
