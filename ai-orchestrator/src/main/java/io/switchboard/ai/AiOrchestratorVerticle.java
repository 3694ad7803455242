package io.switchboard.ai;

import io.switchboard.platform.node.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring of the `ai` role; its features are mounted here as they are built. */
public final class AiOrchestratorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AiOrchestratorVerticle.class);

  private final NodeContext context;

  public AiOrchestratorVerticle(NodeContext context) {
    this.context = context;
  }

  @Override
  public Future<?> start() {
    LOG.info("Role ai started (roles on this node: {})", context.config().node().roles());
    return Future.succeededFuture();
  }
}
