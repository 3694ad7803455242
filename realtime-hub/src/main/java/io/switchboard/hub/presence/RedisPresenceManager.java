package io.switchboard.hub.presence;

import io.switchboard.hub.redis.HubKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Presence shared by every node of a cluster, in Redis; dead entries are removed by the scripts
 * that read.
 *
 * <p>Keys: {@code hub:{tenant}:presence:<channel>:entries} (HASH clientId → entry JSON) and {@code
 * hub:{tenant}:presence:<channel>:expiry} (ZSET clientId → expiry ms).
 */
public final class RedisPresenceManager implements PresenceManager {

  private final Redis redis;
  private final Duration ttl;
  private final Clock clock;

  public RedisPresenceManager(Redis redis, Duration ttl, Clock clock) {
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("presence ttl must be at least 1 ms, was " + ttl);
    }
    this.redis = redis;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public Future<Void> add(String tenant, String channel, PresenceEntry entry) {
    return PresenceScripts.ADD
        .run(
            redis,
            keys(tenant, channel),
            entry.clientId(),
            entry.toJson().encode(),
            clock.millis() + ttl.toMillis(),
            ttl.toMillis())
        .mapEmpty();
  }

  @Override
  public Future<Void> remove(String tenant, String channel, String clientId) {
    return PresenceScripts.REMOVE.run(redis, keys(tenant, channel), clientId).mapEmpty();
  }

  @Override
  public Future<List<PresenceEntry>> get(String tenant, String channel) {
    return PresenceScripts.GET
        .run(redis, keys(tenant, channel), clock.millis())
        .map(RedisPresenceManager::entries);
  }

  @Override
  public Future<PresenceStats> stats(String tenant, String channel) {
    return PresenceScripts.STATS
        .run(redis, keys(tenant, channel), clock.millis())
        .map(reply -> new PresenceStats(reply.get(0).toInteger(), reply.get(1).toInteger()));
  }

  private static List<String> keys(String tenant, String channel) {
    return List.of(
        HubKeys.key(tenant, "presence", channel, "entries"),
        HubKeys.key(tenant, "presence", channel, "expiry"));
  }

  private static List<PresenceEntry> entries(Response values) {
    List<PresenceEntry> entries = new ArrayList<>(values.size());
    for (Response value : values) {
      entries.add(PresenceEntry.fromJson(new JsonObject(value.toBuffer())));
    }
    return entries;
  }
}
