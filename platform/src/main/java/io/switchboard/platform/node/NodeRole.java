package io.switchboard.platform.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * One deployable capability of a node (crud, hub, voice or ai): its own verticles, and the routes
 * it adds to the node's shared HTTP front.
 */
public interface NodeRole {

  /** The name used in {@code node.roles} and {@code --roles}. */
  String name();

  /** Deploys the role's verticles; the future completes once they have started. */
  Future<Void> deploy(Vertx vertx, NodeContext context);

  /**
   * Mounts the role's HTTP and WebSocket routes on one instance of the HTTP front. Called once per
   * front instance, on that instance's event loop.
   */
  default void mount(Router router, NodeContext context) {}

  /**
   * Called once per front instance, on that instance's event loop, as the node stops and before the
   * instance's HTTP server closes: the role lets the clients it holds there know (the hub closes
   * its WebSockets with 3001). The server closes once every role's future completes.
   */
  default Future<Void> unmount(NodeContext context) {
    return Future.succeededFuture();
  }

  /**
   * Adjusts the options of the node's HTTP server before it listens (WebSocket sub-protocols and
   * frame limits, say). Called once per front instance.
   */
  default void configure(HttpServerOptions options, NodeContext context) {}
}
