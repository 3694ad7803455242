package io.switchboard.hub.availability;

import io.switchboard.hub.redis.HubKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Agents' availability, shared by every node.
 *
 * <p>Key: {@code hub:{tenant}:availability} (HASH userId → {@code <status>:<since epoch ms>}).
 */
public final class AvailabilityStore {

  private final Redis redis;
  private final Clock clock;

  public AvailabilityStore(Redis redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  /** Sets and returns the new state; an unchanged status keeps its {@code since}. */
  public Future<AvailabilityState> set(String tenant, String userId, Availability status) {
    return AvailabilityScripts.SET_STATUS
        .run(redis, List.of(key(tenant)), userId, status.wire(), clock.millis())
        .map(reply -> state(userId, reply.toString()));
  }

  /** The user's state; OFFLINE since the epoch when never set. */
  public Future<AvailabilityState> get(String tenant, String userId) {
    return redis
        .send(Request.cmd(Command.HGET).arg(key(tenant)).arg(userId))
        .map(
            reply ->
                reply == null
                    ? new AvailabilityState(userId, Availability.OFFLINE, Instant.EPOCH)
                    : state(userId, reply.toString()));
  }

  /** Every user whose availability was ever set. */
  public Future<List<AvailabilityState>> all(String tenant) {
    return redis.send(Request.cmd(Command.HGETALL).arg(key(tenant))).map(AvailabilityStore::states);
  }

  private static String key(String tenant) {
    return HubKeys.key(tenant, "availability");
  }

  // RESP3 answers HGETALL with a map, RESP2 with alternating field and value.
  private static List<AvailabilityState> states(Response reply) {
    List<AvailabilityState> states = new ArrayList<>();
    if (reply == null) {
      return states;
    }
    if (reply.isMap()) {
      for (String userId : reply.getKeys()) {
        states.add(state(userId, reply.get(userId).toString()));
      }
    } else {
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        states.add(state(reply.get(i).toString(), reply.get(i + 1).toString()));
      }
    }
    return states;
  }

  private static AvailabilityState state(String userId, String stored) {
    int separator = stored.indexOf(':');
    return new AvailabilityState(
        userId,
        Availability.parse(stored.substring(0, separator)),
        Instant.ofEpochMilli(Long.parseLong(stored.substring(separator + 1))));
  }
}
