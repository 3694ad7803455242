package io.switchboard.hub;

import io.switchboard.platform.node.NodeContext;
import io.switchboard.platform.node.NodeRole;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The `hub` role of a node: the WebSocket chat gateway. */
public final class HubRole implements NodeRole {

  @Override
  public String name() {
    return "hub";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, NodeContext context) {
    return vertx.deployVerticle(new HubVerticle(context), new DeploymentOptions()).mapEmpty();
  }
}
