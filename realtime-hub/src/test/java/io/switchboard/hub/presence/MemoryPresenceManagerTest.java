package io.switchboard.hub.presence;

import io.switchboard.hub.redis.MutableClock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Presence in memory")
class MemoryPresenceManagerTest extends PresenceContract {

  private final String tenant = "t-" + UUID.randomUUID();

  @Override
  PresenceManager manager(Duration ttl, MutableClock clock) {
    return new MemoryPresenceManager(ttl, clock);
  }

  @Override
  String tenant() {
    return tenant;
  }
}
