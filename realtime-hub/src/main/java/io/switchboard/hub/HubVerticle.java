package io.switchboard.hub;

import io.switchboard.hub.api.HubApi;
import io.switchboard.hub.api.NoticeConsumer;
import io.switchboard.hub.api.PublishConsumer;
import io.switchboard.hub.availability.AvailabilityStore;
import io.switchboard.hub.availability.ConnectionLimits;
import io.switchboard.hub.availability.ConnectionRegistry;
import io.switchboard.hub.broker.Broker;
import io.switchboard.hub.broker.RedisBroker;
import io.switchboard.hub.channel.ChannelAccess;
import io.switchboard.hub.events.StoredDeliveries;
import io.switchboard.hub.events.TenantDataFeed;
import io.switchboard.hub.fanout.ChannelBus;
import io.switchboard.hub.fanout.Publisher;
import io.switchboard.hub.history.WindowOptions;
import io.switchboard.hub.limits.RateLimiter;
import io.switchboard.hub.presence.RedisPresenceManager;
import io.switchboard.hub.redis.PipelinedRedis;
import io.switchboard.platform.bus.HubAddresses;
import io.switchboard.platform.config.HubConfig;
import io.switchboard.platform.crud.CrudClient;
import io.switchboard.platform.node.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of the `hub` role: the Redis client and the stores every connection of the node shares,
 * and the publish address other roles use. The connections themselves live on the HTTP front's
 * event loops (see {@link HubRole#mount}).
 */
public final class HubVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HubVerticle.class);

  /** Redis connections of the node: presence, windows and limits are many short commands. */
  private static final int REDIS_POOL = 16;

  private static final int REDIS_WAITING = 100_000;

  /**
   * Longest a role's publish waits for its message's delivery before it is answered anyway: the
   * outbox's notification takes milliseconds, and a node that does not get it in time is in trouble
   * that the publisher cannot help.
   */
  private static final long HANDOVER_PATIENCE_MS = 2_000;

  private final NodeContext context;
  private final HubMetrics metrics;
  private Redis redis;
  private PipelinedRedis windows;
  private HubServices services;

  public HubVerticle(NodeContext context, HubMetrics metrics) {
    this.context = context;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    HubConfig hub = context.config().hub();
    redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(context.config().redis().url())
                .setMaxPoolSize(REDIS_POOL)
                .setMaxPoolWaiting(REDIS_WAITING)
                .setMaxWaitingHandlers(REDIS_WAITING));
    Clock clock = Clock.systemUTC();
    CrudClient crud = new CrudClient(vertx.eventBus(), context.config().node().runs("crud"));
    // Every publication appends to a window: those share one pipelined connection.
    windows = new PipelinedRedis(redis);
    Broker broker =
        new RedisBroker(
            windows,
            new WindowOptions(
                hub.historySize(),
                hub.historyMaxBytes(),
                Duration.ofSeconds(hub.historyTtlSeconds()),
                hub.maxRecovered()),
            new ChannelBus(vertx.eventBus()),
            clock);
    services =
        new HubServices(
            "node-" + UUID.randomUUID().toString().substring(0, 8),
            hub,
            context.tokens(),
            crud,
            new ChannelAccess(crud),
            broker,
            new RedisPresenceManager(redis, Duration.ofSeconds(hub.presenceTtlSeconds()), clock),
            new ConnectionRegistry(
                redis,
                new ConnectionLimits(
                    hub.maxConnectionsPerUser(),
                    hub.maxConnectionsPerTenant(),
                    Duration.ofSeconds(hub.presenceTtlSeconds())),
                clock),
            new AvailabilityStore(redis, clock),
            new RateLimiter(redis, clock),
            new Publisher(vertx.eventBus(), broker, clock),
            metrics,
            clock,
            // The SDKs refresh when the token runs out; the same leeway tokens get keeps them on.
            Duration.ofSeconds(context.config().auth().clockSkewSeconds()));
    StoredDeliveries storedDeliveries = new StoredDeliveries(vertx, HANDOVER_PATIENCE_MS);
    new TenantDataFeed(services.publisher(), RedisAPI.api(redis), storedDeliveries)
        .listen(vertx.eventBus());
    // Other roles (voice, AI) publish into channels as the server API does, and send unkept
    // notices into conversations, from any node.
    HubApi api = new HubApi(services);
    return Future.all(
            new PublishConsumer(api, storedDeliveries).register(vertx.eventBus()),
            new NoticeConsumer(api).register(vertx.eventBus()))
        .onSuccess(
            registered ->
                LOG.info(
                    "Role hub started: chat WebSocket at /ws, publish and notices for other roles"
                        + " at {} and {}",
                    HubAddresses.PUBLISH,
                    HubAddresses.NOTICE));
  }

  @Override
  public Future<?> stop() {
    // Awaited: a node stops its embedded Redis right after this, and a connection still open
    // then would be reset under it.
    return windows.close().eventually(redis::close);
  }

  /** What the node's connections share; valid once started. */
  public HubServices services() {
    return services;
  }
}
