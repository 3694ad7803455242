package io.switchboard.hub;

import io.switchboard.hub.availability.AvailabilityStore;
import io.switchboard.hub.availability.ConnectionRegistry;
import io.switchboard.hub.broker.Broker;
import io.switchboard.hub.channel.ChannelAccess;
import io.switchboard.hub.fanout.Publisher;
import io.switchboard.hub.limits.RateLimiter;
import io.switchboard.hub.presence.PresenceManager;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.config.HubConfig;
import io.switchboard.platform.crud.CrudClient;
import java.time.Clock;
import java.time.Duration;

/**
 * What every connection of a node shares: settings, token verification, tenant data, the Redis
 * broker, presence and stores, and the publisher. All of it is safe to use from any event loop.
 *
 * @param node this node's name, told to clients in the connect result
 * @param expiryGrace how long past its token's expiry a connection may wait for its refresh
 */
public record HubServices(
    String node,
    HubConfig config,
    TokenVerifier tokens,
    CrudClient crud,
    ChannelAccess access,
    Broker broker,
    PresenceManager presence,
    ConnectionRegistry connections,
    AvailabilityStore availability,
    RateLimiter limiter,
    Publisher publisher,
    HubMetrics metrics,
    Clock clock,
    Duration expiryGrace) {}
