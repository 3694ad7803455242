package io.switchboard.crud;

import io.switchboard.platform.node.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring of the `crud` role; its features are mounted here as they are built. */
public final class CrudApiVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CrudApiVerticle.class);

  private final NodeContext context;

  public CrudApiVerticle(NodeContext context) {
    this.context = context;
  }

  @Override
  public Future<?> start() {
    LOG.info("Role crud started (roles on this node: {})", context.config().node().roles());
    return Future.succeededFuture();
  }
}
