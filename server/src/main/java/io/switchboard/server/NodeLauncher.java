package io.switchboard.server;

import io.switchboard.ai.AiRole;
import io.switchboard.crud.CrudRole;
import io.switchboard.hub.HubRole;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.bus.BusCodecs;
import io.switchboard.platform.cluster.HazelcastClusterFactory;
import io.switchboard.platform.config.NodeConfig;
import io.switchboard.platform.config.SwitchboardConfig;
import io.switchboard.platform.metrics.Metrics;
import io.switchboard.platform.node.NodeContext;
import io.switchboard.platform.node.NodeRole;
import io.switchboard.server.http.ApiDocs;
import io.switchboard.server.http.HttpFrontVerticle;
import io.switchboard.voice.VoiceRole;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Brings up one node from a resolved configuration: Vert.x (clustered or not) with metrics, the
 * event-bus codecs, token verification, the configured roles in a fixed order, and the HTTP front
 * on one event-loop instance per core.
 */
public final class NodeLauncher {

  // Factories, not instances: a role holds its node's clients, and a JVM may run several nodes.
  private static final Map<String, Supplier<NodeRole>> ROLES =
      Map.of(
          "crud", CrudRole::new,
          "hub", HubRole::new,
          "voice", VoiceRole::new,
          "ai", AiRole::new);

  private NodeLauncher() {}

  /** Starts a node; the configuration must name reachable PostgreSQL and Redis servers. */
  public static Future<RunningNode> launch(SwitchboardConfig config) {
    Metrics metrics = new Metrics();
    ApiDocs docs = ApiDocs.load();
    // Epoll where Netty's native library loads (Linux x86-64), NIO elsewhere: each idle WebSocket
    // then holds no JDK SocketChannel, selection key or selector map entry.
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true);
    VertxBuilder builder = metrics.install(Vertx.builder(), options);
    Future<Vertx> started;
    if (config.cluster().enabled()) {
      // Event-bus traffic between members goes to the advertised host, so it must be reachable.
      options.getEventBusOptions().setHost(config.cluster().host());
      options.getEventBusOptions().setClusterPublicHost(config.cluster().host());
      started =
          builder
              .withClusterManager(HazelcastClusterFactory.clusterManager(config.cluster()))
              .buildClustered();
    } else {
      started = Future.succeededFuture(builder.build());
    }
    return started.compose(vertx -> startOn(vertx, config, metrics, docs));
  }

  private static Future<RunningNode> startOn(
      Vertx vertx, SwitchboardConfig config, Metrics metrics, ApiDocs docs) {
    BusCodecs.register(vertx);
    List<NodeRole> roles =
        NodeConfig.KNOWN_ROLES.stream()
            .filter(config.node()::runs)
            .map(name -> ROLES.get(name).get())
            .toList();
    return TokenVerifier.create(vertx, config.auth())
        .compose(
            tokens -> {
              NodeContext context = new NodeContext(config, metrics.registry(), tokens);
              return deployRoles(vertx, context, roles)
                  .compose(none -> deployFront(vertx, context, metrics, docs, roles))
                  .map(port -> new RunningNode(vertx, port, roles, tokens));
            })
        .recover(failure -> vertx.close().transform(closed -> Future.failedFuture(failure)));
  }

  private static Future<Void> deployRoles(Vertx vertx, NodeContext context, List<NodeRole> roles) {
    Future<Void> chain = Future.succeededFuture();
    for (NodeRole role : roles) {
      chain = chain.compose(none -> role.deploy(vertx, context));
    }
    return chain;
  }

  /**
   * Deploys the front on every instance at once: Vert.x then shares one listening socket between
   * them, and with port 0 they all share the one free port it picked.
   */
  private static Future<Integer> deployFront(
      Vertx vertx, NodeContext context, Metrics metrics, ApiDocs docs, List<NodeRole> roles) {
    int instances =
        context.config().http().effectiveInstances(Runtime.getRuntime().availableProcessors());
    List<HttpFrontVerticle> fronts = new CopyOnWriteArrayList<>();
    return vertx
        .deployVerticle(
            () -> {
              HttpFrontVerticle front =
                  new HttpFrontVerticle(
                      context, metrics, docs, roles, context.config().http().port());
              fronts.add(front);
              return front;
            },
            new DeploymentOptions().setInstances(instances))
        .map(id -> fronts.get(0).actualPort());
  }
}
