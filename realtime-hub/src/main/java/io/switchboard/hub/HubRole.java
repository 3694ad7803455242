package io.switchboard.hub;

import io.netty.channel.ChannelPipeline;
import io.switchboard.hub.api.HubApi;
import io.switchboard.hub.api.HubApiGrpc;
import io.switchboard.hub.api.HubApiRoutes;
import io.switchboard.hub.fanout.LocalChannels;
import io.switchboard.hub.fanout.SocketOutput;
import io.switchboard.hub.protocol.CodecLimits;
import io.switchboard.hub.protocol.FrameCodec;
import io.switchboard.hub.protocol.FrameFormat;
import io.switchboard.hub.protocol.ProtocolViolations;
import io.switchboard.hub.session.ClientSession;
import io.switchboard.hub.session.LocalSessions;
import io.switchboard.hub.session.UpgradeLeftovers;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.config.HubConfig;
import io.switchboard.platform.node.NodeContext;
import io.switchboard.platform.node.NodeRole;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The `hub` role of a node: the chat WebSocket at {@code /ws}, and the server API for integrators
 * under {@code /api/v1/hub/} and as the gRPC {@code switchboard.hub.v1.HubApiService}.
 */
public final class HubRole implements NodeRole {

  private static final String SESSIONS_KEY = "switchboard.hub.sessions";

  /** How long a stopping node waits for its clients to answer the 3001 close. */
  private static final long SHUTDOWN_GRACE_MS = 2_000;

  /** How long a later offset waits for an earlier one before the window is asked for it. */
  private static final long GAP_WAIT_MS = 200;

  // Set once by deploy, which the node completes before any front instance calls mount.
  private volatile HubServices services;

  @Override
  public String name() {
    return "hub";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, NodeContext context) {
    HubVerticle verticle = new HubVerticle(context, new HubMetrics(context.meters()));
    return vertx
        .deployVerticle(verticle, new DeploymentOptions())
        .onSuccess(deployed -> services = verticle.services())
        .mapEmpty();
  }

  @Override
  public void configure(HttpServerOptions options, NodeContext context) {
    // The transport takes twice the limit so that the session, not Netty, refuses a message just
    // over it, with a close frame the client can read; far larger ones are cut at the transport.
    int transportLimit =
        (int) Math.min(Integer.MAX_VALUE / 2, 2L * context.config().hub().maxFrameBytes());
    // Strict thread mode: every request and response of this front is handled on its event loop
    // (nothing here writes from another thread), so Vert.x writes straight to the channel instead
    // of through a multi-producer queue. That queue is a 4 KiB array per connection, and Vert.x
    // keeps the upgraded HTTP connection (and so its queue) reachable for a WebSocket's lifetime.
    // No WebSocket compression: chat frames are small, and a connection that negotiates
    // permessage-deflate (browsers offer it) holds zlib state of tens of KiB outside the heap.
    options
        .setStrictThreadMode(true)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .addWebSocketSubProtocol(FrameFormat.PROTOBUF_SUB_PROTOCOL)
        .setMaxWebSocketFrameSize(transportLimit)
        .setMaxWebSocketMessageSize(transportLimit);
  }

  @Override
  public Future<Void> unmount(NodeContext context) {
    LocalSessions sessions = Vertx.currentContext().get(SESSIONS_KEY);
    return sessions == null ? Future.succeededFuture() : sessions.shutdown(SHUTDOWN_GRACE_MS);
  }

  @Override
  public void mount(Router router, NodeContext context) {
    if (services == null) {
      throw new IllegalStateException("the hub role must be deployed before it is mounted");
    }
    // Called on the front instance's event loop: its channels and connections live there.
    Vertx vertx = Vertx.currentContext().owner();
    LocalChannels channels =
        new LocalChannels(
            vertx, services.broker(), services.metrics(), services.clock(), GAP_WAIT_MS);
    HubConfig hub = context.config().hub();
    LocalSessions sessions =
        new LocalSessions(
            vertx,
            TimeUnit.SECONDS.toMillis(hub.pingIntervalSeconds()),
            // Each presence entry is refreshed three times in its lifetime.
            TimeUnit.SECONDS.toMillis(hub.presenceTtlSeconds()) / 3);
    sessions.listen(vertx.eventBus());
    // Kept on the front instance's context, where unmount finds this instance's sessions.
    Vertx.currentContext().put(SESSIONS_KEY, sessions);
    CodecLimits limits = new CodecLimits(hub.maxJsonDepth(), hub.maxCommandsPerFrame());
    // Codecs hold no state of a connection: one per format serves every connection of this loop,
    // which keeps Jackson's factories and their symbol tables out of each connection's memory.
    Map<FrameFormat, FrameCodec> codecs = new EnumMap<>(FrameFormat.class);
    for (FrameFormat format : FrameFormat.values()) {
      codecs.put(format, FrameCodec.of(format, limits));
    }
    UpgradeLeftovers leftovers = UpgradeLeftovers.find();
    router.get("/ws").handler(ctx -> upgrade(ctx, vertx, channels, sessions, codecs, leftovers));
    HubApi api = new HubApi(services);
    new HubApiGrpc(vertx, api, context.tokens()).mount(router);
    new HubApiRoutes(api, BearerAuthHandler.create(context.tokens())).mount(router);
  }

  private void upgrade(
      RoutingContext ctx,
      Vertx vertx,
      LocalChannels channels,
      LocalSessions sessions,
      Map<FrameFormat, FrameCodec> codecs,
      UpgradeLeftovers leftovers) {
    // Read from the routing context, not the request: request.getParam builds a parameter map that
    // Vert.x keeps with the upgraded request for as long as the WebSocket stays open.
    String formatParam = ctx.queryParams().get(FrameFormat.FORMAT_QUERY_PARAM);
    ctx.request()
        .toWebSocket()
        .onSuccess(
            socket -> {
              // Vert.x Web wraps the ServerWebSocket: the channel is reached through the
              // connection.
              ChannelPipeline pipeline =
                  ((HttpServerConnection) ctx.request().connection())
                      .channelHandlerContext()
                      .pipeline();
              ProtocolViolations.install(pipeline);
              leftovers.release(pipeline);
              FrameFormat format =
                  FrameFormat.PROTOBUF_SUB_PROTOCOL.equals(socket.subProtocol())
                      ? FrameFormat.PROTOBUF
                      : FrameFormat.of(List.of(), formatParam);
              SocketOutput output = SocketOutput.of(pipeline, sessions.endOfTurn());
              new ClientSession(
                      vertx, services, channels, sessions, socket, output, codecs.get(format))
                  .start();
            })
        .onFailure(ctx::fail);
  }
}
