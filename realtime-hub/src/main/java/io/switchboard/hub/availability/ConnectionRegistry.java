package io.switchboard.hub.availability;

import io.switchboard.hub.redis.HubKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.util.List;

/**
 * Every node's live connections, counted per user and per tenant so that limits hold across the
 * cluster and "is this agent still connected anywhere" has one answer.
 *
 * <p>Keys: {@code hub:{tenant}:conn:user:<userId>} and {@code hub:{tenant}:conn:tenant} (ZSETs
 * clientId → expiry ms). Client ids are unique per connection, so the tenant set needs no user
 * prefix.
 */
public final class ConnectionRegistry {

  private final Redis redis;
  private final ConnectionLimits limits;
  private final Clock clock;

  public ConnectionRegistry(Redis redis, ConnectionLimits limits, Clock clock) {
    this.redis = redis;
    this.limits = limits;
    this.clock = clock;
  }

  /**
   * Admits a connection if neither the user nor the tenant already holds its limit of live
   * connections; otherwise fails with {@link ConnectionLimitExceeded} and registers nothing.
   */
  public Future<Void> admit(String tenant, String userId, String clientId) {
    return AvailabilityScripts.ADMIT
        .run(
            redis,
            keys(tenant, userId),
            clientId,
            clock.millis(),
            ttlMillis(),
            limits.perUser(),
            limits.perTenant())
        .compose(
            reply -> {
              switch (reply.toString()) {
                case "ok":
                  return Future.succeededFuture();
                case "user":
                  return Future.failedFuture(
                      new ConnectionLimitExceeded(
                          ConnectionLimitExceeded.Scope.USER, limits.perUser()));
                case "tenant":
                  return Future.failedFuture(
                      new ConnectionLimitExceeded(
                          ConnectionLimitExceeded.Scope.TENANT, limits.perTenant()));
                default:
                  return Future.failedFuture(
                      new IllegalStateException("unexpected admit reply: " + reply));
              }
            });
  }

  /** Keeps the entry alive; call every ttl/3 so that one lost touch does not drop it. */
  public Future<Void> touch(String tenant, String userId, String clientId) {
    return AvailabilityScripts.TOUCH
        .run(redis, keys(tenant, userId), clientId, clock.millis(), ttlMillis())
        .mapEmpty();
  }

  /** Removes it; the future says whether the user still has another live connection (any node). */
  public Future<Boolean> release(String tenant, String userId, String clientId) {
    return AvailabilityScripts.RELEASE
        .run(redis, keys(tenant, userId), clientId, clock.millis())
        .map(reply -> reply.toLong() > 0);
  }

  public Future<Integer> liveConnections(String tenant, String userId) {
    Request count =
        Request.cmd(Command.ZCOUNT)
            .arg(userKey(tenant, userId))
            .arg("(" + clock.millis())
            .arg("+inf");
    return redis.send(count).map(reply -> reply.toInteger());
  }

  private long ttlMillis() {
    return limits.ttl().toMillis();
  }

  private static List<String> keys(String tenant, String userId) {
    return List.of(userKey(tenant, userId), HubKeys.key(tenant, "conn", "tenant"));
  }

  private static String userKey(String tenant, String userId) {
    return HubKeys.key(tenant, "conn", "user", userId);
  }
}
