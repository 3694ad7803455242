package io.switchboard.voice;

import io.switchboard.platform.node.NodeContext;
import io.switchboard.platform.node.NodeRole;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The `voice` role of a node: audio streaming and call sessions. */
public final class VoiceRole implements NodeRole {

  @Override
  public String name() {
    return "voice";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, NodeContext context) {
    return vertx
        .deployVerticle(new VoiceAgentVerticle(context), new DeploymentOptions())
        .mapEmpty();
  }
}
