package io.switchboard.server;

import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.node.NodeRole;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * A started node.
 *
 * @param vertx its Vert.x instance
 * @param httpPort the port its HTTP front listens on
 * @param frontDeployment the deployment of its HTTP front's instances
 * @param roles the roles it runs
 * @param tokens its token verifier
 */
public record RunningNode(
    Vertx vertx, int httpPort, String frontDeployment, List<NodeRole> roles, TokenVerifier tokens) {

  /**
   * Stops the node: the HTTP front first, so that the roles say goodbye to their clients (the hub
   * closes its WebSockets with 3001 and writes what their closing changes) while the roles' clients
   * of PostgreSQL and Redis are still open; then everything else, the cluster, the clients.
   */
  public Future<Void> close() {
    // Not composed on the undeploy's future: that one calls back on an event loop, and closing
    // Vert.x stops the loops, so what was composed on it would never complete.
    Promise<Void> closed = Promise.promise();
    // Closing twice closes once: the second finds the front gone (or Vert.x closed).
    Future<Void> front =
        vertx.deploymentIDs().contains(frontDeployment)
            ? vertx.undeploy(frontDeployment)
            : Future.succeededFuture();
    front.onComplete(
        frontStopped -> {
          tokens.close();
          vertx.close().onComplete(closed);
        });
    return closed.future();
  }
}
