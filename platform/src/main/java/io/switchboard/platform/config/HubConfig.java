package io.switchboard.platform.config;

/**
 * The chat WebSocket: timeouts, limits and the recovery window. Every limit answers with a
 * documented error or close code (see docs/protocol.md).
 *
 * @param connectTimeoutMs how long a new WebSocket may take to send its connect command
 * @param pingIntervalSeconds how often the hub pings a connected client
 * @param pongTimeoutSeconds how long after a ping the client's pong may take
 * @param maxFrameBytes largest WebSocket message accepted (a larger one closes the connection)
 * @param maxMessageChars longest chat message body
 * @param maxJsonDepth deepest nesting accepted in a JSON command
 * @param maxCommandsPerFrame commands accepted in one frame, and commands that may wait behind a
 *     connect for its reply; more than {@code maxSubscriptions}, since a reconnecting SDK sends its
 *     connect and every subscription in one frame
 * @param maxSubscriptions subscriptions one connection may hold
 * @param commandsPerSecond sustained command rate of one connection
 * @param commandsBurst commands one connection may send at once; at least a connect and a full
 *     frame of commands behind it, so a reconnecting SDK is never refused
 * @param maxConnectionsPerUser live connections one user may hold across the cluster
 * @param maxConnectionsPerTenant live connections one tenant may hold across the cluster
 * @param publishPerSecond sustained publish rate of one user
 * @param publishBurst publishes one user may make at once
 * @param tenantPublishPerSecond sustained publish rate of a whole tenant
 * @param tenantPublishBurst publishes a whole tenant may make at once
 * @param typingPerSecond sustained typing-notice rate of one user
 * @param typingBurst typing notices one user may send at once
 * @param writeQueueBytes bytes queued for one slow client before ephemeral pushes are dropped
 * @param slowConsumerMs how long a client's queue may stay full before it is closed
 * @param apiPublishPerSecond sustained rate of a tenant's server API publishes into inbox, user and
 *     tenant channels
 * @param apiPublishBurst server API publishes into those channels a tenant may make at once
 * @param maxPublicationBytes largest {@code data} the server API publishes into those channels
 * @param historySize publications kept per channel for recovery
 * @param historyMaxBytes bytes one channel's recovery window may hold; the oldest go first
 * @param historyTtlSeconds how long a channel's window outlives its last publication
 * @param maxRecovered most publications one recovery replays
 * @param presenceTtlSeconds how long a presence entry lives without being refreshed
 */
public record HubConfig(
    int connectTimeoutMs,
    int pingIntervalSeconds,
    int pongTimeoutSeconds,
    int maxFrameBytes,
    int maxMessageChars,
    int maxJsonDepth,
    int maxCommandsPerFrame,
    int maxSubscriptions,
    double commandsPerSecond,
    int commandsBurst,
    int maxConnectionsPerUser,
    int maxConnectionsPerTenant,
    double publishPerSecond,
    int publishBurst,
    double tenantPublishPerSecond,
    int tenantPublishBurst,
    double typingPerSecond,
    int typingBurst,
    int writeQueueBytes,
    int slowConsumerMs,
    double apiPublishPerSecond,
    int apiPublishBurst,
    int maxPublicationBytes,
    int historySize,
    long historyMaxBytes,
    int historyTtlSeconds,
    int maxRecovered,
    int presenceTtlSeconds) {

  public HubConfig {
    Checks.range(connectTimeoutMs, 100, 600_000, "hub.connect-timeout-ms");
    Checks.range(pingIntervalSeconds, 1, 3_600, "hub.ping-interval-seconds");
    Checks.range(pongTimeoutSeconds, 1, 600, "hub.pong-timeout-seconds");
    Checks.range(maxFrameBytes, 1_024, 16 * 1024 * 1024, "hub.max-frame-bytes");
    Checks.range(maxMessageChars, 1, 10_000, "hub.max-message-chars");
    Checks.range(maxJsonDepth, 2, 256, "hub.max-json-depth");
    Checks.range(maxCommandsPerFrame, 1, 10_000, "hub.max-commands-per-frame");
    Checks.range(maxSubscriptions, 1, 100_000, "hub.max-subscriptions");
    Checks.require(
        maxCommandsPerFrame > maxSubscriptions,
        "hub.max-commands-per-frame",
        "must be above hub.max-subscriptions (a reconnecting SDK sends connect and every"
            + " subscription in one frame)");
    positive(commandsPerSecond, "hub.commands-per-second");
    Checks.require(
        commandsBurst > maxCommandsPerFrame && commandsBurst <= 1_000_000,
        "hub.commands-burst",
        "must be above hub.max-commands-per-frame and at most 1000000");
    Checks.range(maxConnectionsPerUser, 1, 1_000_000, "hub.max-connections-per-user");
    Checks.range(maxConnectionsPerTenant, 1, 100_000_000, "hub.max-connections-per-tenant");
    positive(publishPerSecond, "hub.publish-per-second");
    Checks.range(publishBurst, 1, 1_000_000, "hub.publish-burst");
    positive(tenantPublishPerSecond, "hub.tenant-publish-per-second");
    Checks.range(tenantPublishBurst, 1, 100_000_000, "hub.tenant-publish-burst");
    positive(typingPerSecond, "hub.typing-per-second");
    Checks.range(typingBurst, 1, 1_000_000, "hub.typing-burst");
    Checks.range(writeQueueBytes, 1_024, 256 * 1024 * 1024, "hub.write-queue-bytes");
    Checks.range(slowConsumerMs, 10, 600_000, "hub.slow-consumer-ms");
    positive(apiPublishPerSecond, "hub.api-publish-per-second");
    Checks.range(apiPublishBurst, 1, 1_000_000, "hub.api-publish-burst");
    Checks.range(maxPublicationBytes, 2, 16 * 1024 * 1024, "hub.max-publication-bytes");
    Checks.range(historySize, 1, 1_000_000, "hub.history-size");
    Checks.require(
        historyMaxBytes >= maxPublicationBytes && historyMaxBytes <= 1L << 32,
        "hub.history-max-bytes",
        "must be at least hub.max-publication-bytes and at most 4294967296");
    Checks.range(historyTtlSeconds, 1, 30 * 86_400, "hub.history-ttl-seconds");
    Checks.range(maxRecovered, 1, 1_000_000, "hub.max-recovered");
    Checks.range(presenceTtlSeconds, 3, 3_600, "hub.presence-ttl-seconds");
  }

  private static void positive(double value, String setting) {
    Checks.require(value > 0 && value <= 1_000_000, setting, "must be above 0 and at most 1000000");
  }
}
