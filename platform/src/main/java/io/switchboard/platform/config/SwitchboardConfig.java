package io.switchboard.platform.config;

import java.util.List;

/** Everything a node is configured with, read once at start-up by {@link ConfigLoader}. */
public record SwitchboardConfig(
    NodeConfig node,
    HttpConfig http,
    ClusterConfig cluster,
    PostgresConfig postgres,
    RedisConfig redis,
    KafkaConfig kafka,
    AuthConfig auth,
    LoggingConfig logging,
    MetricsConfig metrics,
    HubConfig hub,
    VoiceConfig voice,
    AiConfig ai) {

  /** The same configuration deploying only {@code roles}. */
  public SwitchboardConfig withRoles(List<String> roles) {
    return new SwitchboardConfig(
        new NodeConfig(roles, node.dataDir()),
        http,
        cluster,
        postgres,
        redis,
        kafka,
        auth,
        logging,
        metrics,
        hub,
        voice,
        ai);
  }

  /** The same configuration with clustering switched on. */
  public SwitchboardConfig withClusterEnabled() {
    ClusterConfig c = cluster;
    return withCluster(
        new ClusterConfig(true, c.name(), c.host(), c.port(), c.members(), c.multicast()));
  }

  /** The same configuration with another cluster section. */
  public SwitchboardConfig withCluster(ClusterConfig newCluster) {
    return new SwitchboardConfig(
        node, http, newCluster, postgres, redis, kafka, auth, logging, metrics, hub, voice, ai);
  }

  /** The same configuration with another HTTP section. */
  public SwitchboardConfig withHttp(HttpConfig newHttp) {
    return new SwitchboardConfig(
        node, newHttp, cluster, postgres, redis, kafka, auth, logging, metrics, hub, voice, ai);
  }

  /** The same configuration with other PostgreSQL settings. */
  public SwitchboardConfig withPostgres(PostgresConfig newPostgres) {
    return new SwitchboardConfig(
        node, http, cluster, newPostgres, redis, kafka, auth, logging, metrics, hub, voice, ai);
  }

  /** The same configuration with other Redis settings. */
  public SwitchboardConfig withRedis(RedisConfig newRedis) {
    return new SwitchboardConfig(
        node, http, cluster, postgres, newRedis, kafka, auth, logging, metrics, hub, voice, ai);
  }

  /** The same configuration with other token settings. */
  public SwitchboardConfig withAuth(AuthConfig newAuth) {
    return new SwitchboardConfig(
        node, http, cluster, postgres, redis, kafka, newAuth, logging, metrics, hub, voice, ai);
  }

  /** The same configuration with other voice settings. */
  public SwitchboardConfig withVoice(VoiceConfig newVoice) {
    return new SwitchboardConfig(
        node, http, cluster, postgres, redis, kafka, auth, logging, metrics, hub, newVoice, ai);
  }

  /** The same configuration with other chat WebSocket settings. */
  public SwitchboardConfig withHub(HubConfig newHub) {
    return new SwitchboardConfig(
        node, http, cluster, postgres, redis, kafka, auth, logging, metrics, newHub, voice, ai);
  }

  /** The same configuration with other AI settings. */
  public SwitchboardConfig withAi(AiConfig newAi) {
    return new SwitchboardConfig(
        node, http, cluster, postgres, redis, kafka, auth, logging, metrics, hub, voice, newAi);
  }
}
