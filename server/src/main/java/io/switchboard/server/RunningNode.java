package io.switchboard.server;

import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.node.NodeRole;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * A started node.
 *
 * @param vertx its Vert.x instance
 * @param httpPort the port its HTTP front listens on
 * @param roles the roles it runs
 * @param tokens its token verifier
 */
public record RunningNode(Vertx vertx, int httpPort, List<NodeRole> roles, TokenVerifier tokens) {

  /** Stops the node: undeploys everything, leaves the cluster, closes clients. */
  public Future<Void> close() {
    tokens.close();
    return vertx.close();
  }
}
