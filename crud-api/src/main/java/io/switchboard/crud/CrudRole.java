package io.switchboard.crud;

import io.switchboard.crud.db.Migrations;
import io.switchboard.crud.outbox.OutboxRelayVerticle;
import io.switchboard.platform.node.NodeContext;
import io.switchboard.platform.node.NodeRole;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The `crud` role of a node: tenant data in PostgreSQL with its REST and gRPC fronts. */
public final class CrudRole implements NodeRole {

  @Override
  public String name() {
    return "crud";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, NodeContext context) {
    // The schema must be current before anything reads or writes tenant data.
    return Migrations.migrate(vertx, context.config().postgres().url())
        .compose(
            applied -> vertx.deployVerticle(new CrudApiVerticle(context), new DeploymentOptions()))
        .compose(api -> deployOutboxRelay(vertx, context))
        .mapEmpty();
  }

  /** Without Kafka nothing relays: events stay in the outbox until a broker is configured. */
  private static Future<?> deployOutboxRelay(Vertx vertx, NodeContext context) {
    if (!context.config().kafka().enabled()) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(
        new OutboxRelayVerticle(
            context.config().postgres().url(), context.config().kafka(), context.meters()),
        new DeploymentOptions());
  }
}
