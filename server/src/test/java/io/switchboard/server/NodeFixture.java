package io.switchboard.server;

import io.switchboard.platform.config.ConfigLoader;
import io.switchboard.platform.config.SwitchboardConfig;
import io.switchboard.platform.testing.TestServices;
import io.switchboard.platform.testing.TestTokens;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Configurations for nodes started inside tests: port 0, one front instance, test services. */
public final class NodeFixture {

  private NodeFixture() {}

  /** A node on the machine's test PostgreSQL and Redis, with the test token secret. */
  public static SwitchboardConfig config(Path dataDir, Map<String, String> extra) {
    Map<String, String> props = new HashMap<>();
    props.put("switchboard.node.data-dir", dataDir.toString());
    props.put("switchboard.http.port", "0");
    props.put("switchboard.http.host", "127.0.0.1");
    props.put("switchboard.http.instances", "1");
    props.put("switchboard.postgres.url", TestServices.postgresUrl());
    props.put("switchboard.redis.url", TestServices.redisUrl());
    props.put("switchboard.auth.hmac-secret", TestTokens.SECRET);
    props.putAll(extra);
    return new ConfigLoader().load(Optional.empty(), props, Map.of());
  }
}
