package io.switchboard.crud;

import io.switchboard.crud.contact.ContactRoutes;
import io.switchboard.crud.contact.ContactStore;
import io.switchboard.crud.conversation.ConversationRoutes;
import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.inbox.InboxRoutes;
import io.switchboard.crud.inbox.InboxStore;
import io.switchboard.crud.message.MessageRoutes;
import io.switchboard.crud.message.MessageStore;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.TokenVerifier;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

/** The REST routes of the crud role under {@code /api/v1}, over one pool and one verifier. */
public final class CrudRoutes {

  private final TenantWork work;
  private final BearerAuthHandler auth;

  public CrudRoutes(Pool pool, TokenVerifier tokens) {
    this.work = new TenantWork(new TenantTransactions(pool));
    this.auth = BearerAuthHandler.create(tokens);
  }

  /** Adds every route to {@code router}, which must already parse bodies under {@code /api/*}. */
  public void mount(Router router) {
    new InboxRoutes(work, new InboxStore(), auth).mount(router);
    new ContactRoutes(work, new ContactStore(), auth).mount(router);
    new ConversationRoutes(work, new ConversationStore(), auth).mount(router);
    new MessageRoutes(work, new MessageStore(), auth).mount(router);
  }
}
