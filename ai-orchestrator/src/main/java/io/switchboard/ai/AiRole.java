package io.switchboard.ai;

import io.switchboard.ai.assist.AssistRoutes;
import io.switchboard.platform.node.NodeContext;
import io.switchboard.platform.node.NodeRole;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * The `ai` role of a node: the AI agent answering chat and voice turns, retrieval over each
 * tenant's knowledge base, and agent assist at {@code /api/v1/conversations/{id}/assist} and {@code
 * /summary}.
 */
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

  @Override
  public void mount(Router router, NodeContext context) {
    new AssistRoutes(Vertx.currentContext().owner().eventBus(), context.tokens()).mount(router);
  }
}
