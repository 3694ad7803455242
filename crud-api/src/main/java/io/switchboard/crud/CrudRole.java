package io.switchboard.crud;

import io.switchboard.crud.ai.VectorColumn;
import io.switchboard.crud.db.Migrations;
import io.switchboard.crud.http.BodyContract;
import io.switchboard.crud.outbox.OutboxNotifierVerticle;
import io.switchboard.crud.outbox.OutboxRelayVerticle;
import io.switchboard.crud.tenant.ModuleSwitches;
import io.switchboard.crud.visitor.VisitorLimiter;
import io.switchboard.platform.node.NodeContext;
import io.switchboard.platform.node.NodeRole;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

/** The `crud` role of a node: tenant data in PostgreSQL with its REST and gRPC fronts. */
public final class CrudRole implements NodeRole {

  // Set once by deploy, which the node completes before any front instance calls mount.
  private volatile Vertx vertx;
  private volatile Pool pool;
  private volatile BodyContract bodies;

  // One for the node, so that every HTTP front instance counts against the same limit.
  private final VisitorLimiter visitors = new VisitorLimiter(VisitorLimiter.PER_MINUTE);

  // One for the node, so that a change of a tenant's modules made through any front is seen by all.
  private final ModuleSwitches switches = new ModuleSwitches();

  @Override
  public String name() {
    return "crud";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, NodeContext context) {
    // The schema must be current before anything reads or writes tenant data; the API document is
    // loaded and checked meanwhile, as both take a while and neither needs the other.
    String url = context.config().postgres().url();
    Future<BodyContract> contract = BodyContract.load(vertx);
    Future<Boolean> schema =
        Migrations.migrate(vertx, url).compose(done -> VectorColumn.ensure(vertx, url));
    return Future.all(schema, contract)
        .compose(
            ready -> {
              CrudApiVerticle verticle = new CrudApiVerticle(context, schema.result(), switches);
              return vertx
                  .deployVerticle(verticle, new DeploymentOptions())
                  .onSuccess(
                      deployed -> {
                        this.vertx = vertx;
                        pool = verticle.pool();
                        bodies = contract.result();
                      });
            })
        .compose(
            api ->
                vertx.deployVerticle(
                    new OutboxNotifierVerticle(context.config().postgres().url()),
                    new DeploymentOptions()))
        .compose(notifier -> switches.listen(vertx.eventBus()))
        .compose(listening -> deployOutboxRelay(vertx, context))
        .mapEmpty();
  }

  @Override
  public void mount(Router router, NodeContext context) {
    if (pool == null) {
      throw new IllegalStateException("the crud role must be deployed before it is mounted");
    }
    new CrudRoutes(
            vertx, pool, context.tokens(), bodies, context.config().auth(), visitors, switches)
        .mount(router);
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
