package io.switchboard.voice;

import io.switchboard.platform.node.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring of the `voice` role; its features are mounted here as they are built. */
public final class VoiceAgentVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(VoiceAgentVerticle.class);

  private final NodeContext context;

  public VoiceAgentVerticle(NodeContext context) {
    this.context = context;
  }

  @Override
  public Future<?> start() {
    LOG.info("Role voice started (roles on this node: {})", context.config().node().roles());
    return Future.succeededFuture();
  }
}
