package io.switchboard.voice;

import io.switchboard.platform.config.VoiceConfig;
import io.switchboard.platform.node.NodeContext;
import io.switchboard.platform.node.NodeRole;
import io.switchboard.voice.browser.BrowserCall;
import io.switchboard.voice.call.CallServices;
import io.switchboard.voice.call.LocalCalls;
import io.switchboard.voice.call.PlayoutClock;
import io.switchboard.voice.call.VoiceGate;
import io.switchboard.voice.monitor.MonitorSocket;
import io.switchboard.voice.telephony.TelephonyStream;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * The `voice` role of a node: telephony media streams at {@code /voice/telephony}, browser calls at
 * {@code /voice/browser} and listen-in/take-over at {@code /voice/monitor/<callId>}. Each call is a
 * little state on the event loop of the front instance that took its socket; speech runs on the
 * engines' bounded worker pools.
 */
public final class VoiceRole implements NodeRole {

  private static final String CALLS_KEY = "switchboard.voice.calls";

  // Set once by deploy, which the node completes before any front instance calls mount.
  private volatile VoiceServices services;

  @Override
  public String name() {
    return "voice";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, NodeContext context) {
    VoiceAgentVerticle verticle = new VoiceAgentVerticle(context);
    return vertx
        .deployVerticle(verticle, new DeploymentOptions())
        .onSuccess(deployed -> services = verticle.services())
        .mapEmpty();
  }

  @Override
  public void configure(HttpServerOptions options, NodeContext context) {
    // One HTTP server carries every role: its transport limit is the largest any endpoint needs,
    // and each voice endpoint refuses frames over its own limit with 1009 itself.
    VoiceConfig voice = context.config().voice();
    int needed = 2 * Math.max(voice.maxTelephonyFrameBytes(), voice.maxBrowserFrameBytes());
    options
        .setMaxWebSocketFrameSize(Math.max(options.getMaxWebSocketFrameSize(), needed))
        .setMaxWebSocketMessageSize(Math.max(options.getMaxWebSocketMessageSize(), needed));
  }

  @Override
  public void mount(Router router, NodeContext context) {
    if (services == null) {
      throw new IllegalStateException("the voice role must be deployed before it is mounted");
    }
    Vertx vertx = Vertx.currentContext().owner();
    LocalCalls calls = new LocalCalls();
    Vertx.currentContext().put(CALLS_KEY, calls);
    CallServices callServices =
        new CallServices(
            vertx,
            services.config(),
            services.stt(),
            services.tts(),
            services.ai(),
            services.crud(),
            services.metrics(),
            new PlayoutClock(vertx));
    VoiceGate gate = new VoiceGate(callServices, context.tokens(), services.limits(), calls);
    router
        .get("/voice/telephony")
        .handler(
            ctx ->
                ctx.request()
                    .toWebSocket()
                    .onSuccess(socket -> new TelephonyStream(socket, gate).start())
                    .onFailure(ctx::fail));
    router
        .get("/voice/browser")
        .handler(
            ctx ->
                ctx.request()
                    .toWebSocket()
                    .onSuccess(socket -> new BrowserCall(socket, gate).start())
                    .onFailure(ctx::fail));
    router
        .get("/voice/monitor/:callId")
        .handler(
            ctx -> {
              String callId = ctx.pathParam("callId");
              ctx.request()
                  .toWebSocket()
                  .onSuccess(socket -> new MonitorSocket(socket, gate, callId).start())
                  .onFailure(ctx::fail);
            });
  }

  @Override
  public Future<Void> unmount(NodeContext context) {
    LocalCalls calls = Vertx.currentContext().get(CALLS_KEY);
    return calls == null ? Future.succeededFuture() : calls.shutdown();
  }
}
