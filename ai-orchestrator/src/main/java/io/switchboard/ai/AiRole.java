package io.switchboard.ai;

import io.switchboard.platform.node.NodeContext;
import io.switchboard.platform.node.NodeRole;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The `ai` role of a node: AI turns, retrieval and agent assist. */
public final class AiRole implements NodeRole {

  @Override
  public String name() {
    return "ai";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, NodeContext context) {
    return vertx
        .deployVerticle(new AiOrchestratorVerticle(context), new DeploymentOptions())
        .mapEmpty();
  }
}
