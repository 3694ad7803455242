package io.switchboard.crud;

import io.switchboard.crud.ai.AiStore;
import io.switchboard.crud.bus.AiConsumers;
import io.switchboard.crud.bus.CallConsumers;
import io.switchboard.crud.bus.CrudConsumers;
import io.switchboard.crud.call.CallStore;
import io.switchboard.crud.contact.ContactStore;
import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.db.TenantDataPool;
import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.inbox.InboxStore;
import io.switchboard.crud.message.MessageBatcher;
import io.switchboard.crud.message.MessageStore;
import io.switchboard.crud.tenant.ModuleSwitches;
import io.switchboard.crud.tenant.Modules;
import io.switchboard.crud.tenant.TenantStore;
import io.switchboard.crud.ticket.TicketStore;
import io.switchboard.platform.config.PostgresConfig;
import io.switchboard.platform.node.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of the `crud` role: the PostgreSQL pool its REST routes and event-bus consumers share, and
 * those consumers.
 */
public final class CrudApiVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CrudApiVerticle.class);

  private final NodeContext context;
  private final boolean vectors;
  private final ModuleSwitches switches;
  private Pool pool;

  /**
   * @param vectors whether the database stores knowledge-base chunks with pgvector
   * @param switches the node's knowledge of its tenants' modules
   */
  public CrudApiVerticle(NodeContext context, boolean vectors, ModuleSwitches switches) {
    this.context = context;
    this.vectors = vectors;
    this.switches = switches;
  }

  @Override
  public Future<?> start() {
    pool = createPool(context.config().postgres());
    TenantWork work = new TenantWork(new TenantTransactions(pool), switches);
    return Future.all(
            new CrudConsumers(
                    work.requiring(Modules.CHAT),
                    new ConversationStore(),
                    new MessageStore(),
                    new MessageBatcher(vertx, work.requiring(Modules.CHAT), new MessageStore()),
                    new InboxStore())
                .register(vertx.eventBus()),
            new CallConsumers(
                    work.requiring(Modules.VOICE), work, new CallStore(), new TenantStore())
                .register(vertx.eventBus()),
            new AiConsumers(
                    work.requiring(Modules.CHAT),
                    work.requiring(Modules.TICKETS),
                    work,
                    new ConversationStore(),
                    new ContactStore(),
                    new TicketStore(),
                    new AiStore(vectors))
                .register(vertx.eventBus()))
        .onSuccess(
            registered ->
                LOG.info(
                    "Role crud started (roles on this node: {})", context.config().node().roles()));
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }

  /** The pool of this role; valid once started. */
  public Pool pool() {
    return pool;
  }

  private Pool createPool(PostgresConfig postgres) {
    return TenantDataPool.create(vertx, postgres.url(), postgres.poolSize());
  }
}
