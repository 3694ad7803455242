package io.switchboard.hub;

import io.switchboard.platform.node.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring of the `hub` role; its features are mounted here as they are built. */
public final class HubVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HubVerticle.class);

  private final NodeContext context;

  public HubVerticle(NodeContext context) {
    this.context = context;
  }

  @Override
  public Future<?> start() {
    LOG.info("Role hub started (roles on this node: {})", context.config().node().roles());
    return Future.succeededFuture();
  }
}
