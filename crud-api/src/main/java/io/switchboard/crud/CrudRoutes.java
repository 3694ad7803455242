package io.switchboard.crud;

import io.switchboard.crud.ai.AiStore;
import io.switchboard.crud.ai.AiTurnRoutes;
import io.switchboard.crud.call.CallRoutes;
import io.switchboard.crud.call.CallStore;
import io.switchboard.crud.canned.CannedResponseRoutes;
import io.switchboard.crud.canned.CannedResponseStore;
import io.switchboard.crud.contact.ContactRoutes;
import io.switchboard.crud.contact.ContactStore;
import io.switchboard.crud.conversation.ConversationRoutes;
import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.crud.grpc.CrudGrpc;
import io.switchboard.crud.http.BodyContract;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.inbox.InboxRoutes;
import io.switchboard.crud.inbox.InboxStore;
import io.switchboard.crud.inbox.MemberRoutes;
import io.switchboard.crud.inbox.MemberStore;
import io.switchboard.crud.kb.KbArticleRoutes;
import io.switchboard.crud.kb.KbArticleStore;
import io.switchboard.crud.message.MessageBatcher;
import io.switchboard.crud.message.MessageRoutes;
import io.switchboard.crud.message.MessageStore;
import io.switchboard.crud.report.ReportRoutes;
import io.switchboard.crud.report.ReportStore;
import io.switchboard.crud.team.TeamRoutes;
import io.switchboard.crud.team.TeamStore;
import io.switchboard.crud.tenant.ModuleSwitches;
import io.switchboard.crud.tenant.Modules;
import io.switchboard.crud.tenant.TenantRoutes;
import io.switchboard.crud.tenant.TenantStore;
import io.switchboard.crud.ticket.TicketRoutes;
import io.switchboard.crud.ticket.TicketStore;
import io.switchboard.crud.user.UserRoutes;
import io.switchboard.crud.user.UserStore;
import io.switchboard.crud.visitor.VisitorLimiter;
import io.switchboard.crud.visitor.VisitorSessionRoutes;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.config.AuthConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

/**
 * The routes of the crud role, over one pool and one verifier: its gRPC services and its REST
 * routes under {@code /api/v1}, whose request bodies must meet the {@link BodyContract}.
 */
public final class CrudRoutes {

  private final TenantWork work;
  private final BearerAuthHandler auth;
  private final BodyContract bodies;
  private final CrudGrpc grpc;
  private final AuthConfig authConfig;
  private final VisitorLimiter visitors;
  private final MessageBatcher messages;

  /**
   * @param authConfig the node's token settings, whose HS256 secret signs visitors' tokens
   * @param visitors the node's limit on visitor sessions, shared by its HTTP fronts
   * @param switches the node's knowledge of its tenants' modules, shared by its roles' work
   */
  public CrudRoutes(
      Vertx vertx,
      Pool pool,
      TokenVerifier tokens,
      BodyContract bodies,
      AuthConfig authConfig,
      VisitorLimiter visitors,
      ModuleSwitches switches) {
    this.work = new TenantWork(new TenantTransactions(pool), switches);
    this.auth = BearerAuthHandler.create(tokens);
    this.bodies = bodies;
    this.messages = new MessageBatcher(vertx, work.requiring(Modules.CHAT), new MessageStore());
    this.grpc = new CrudGrpc(vertx, work, tokens, messages);
    this.authConfig = authConfig;
    this.visitors = visitors;
  }

  /** Adds every route to {@code router}, which must already parse bodies under {@code /api/*}. */
  public void mount(Router router) {
    // First, so that no REST route, including a catch-all, sees a gRPC call.
    grpc.mount(router);
    // Before the operations' own routes, so that no handler of theirs sees a refused body.
    bodies.mount(router, auth);
    new TenantRoutes(work, new TenantStore(work.switches()), auth).mount(router);
    new UserRoutes(work, new UserStore(), auth).mount(router);
    new TeamRoutes(work, new TeamStore(), auth).mount(router);
    // The knowledge base serves every module (agents, customers, the AI), so no switch gates it.
    new KbArticleRoutes(work, new KbArticleStore(), auth).mount(router);
    TenantWork chat = work.requiring(Modules.CHAT);
    new InboxRoutes(chat, new InboxStore(), auth).mount(router);
    new MemberRoutes(chat, new MemberStore(), auth).mount(router);
    new ContactRoutes(chat, new ContactStore(), auth).mount(router);
    new VisitorSessionRoutes(
            chat, new ContactStore(), new ConversationStore(), authConfig, visitors)
        .mount(router);
    new ConversationRoutes(chat, new ConversationStore(), auth).mount(router);
    new MessageRoutes(chat, new MessageStore(), messages, auth).mount(router);
    new CannedResponseRoutes(chat, new CannedResponseStore(), auth).mount(router);
    new TicketRoutes(work.requiring(Modules.TICKETS), new TicketStore(), auth).mount(router);
    new CallRoutes(work.requiring(Modules.VOICE), new CallStore(), auth).mount(router);
    new AiTurnRoutes(work.requiring(Modules.AI), new AiStore(), auth).mount(router);
    // Chat and voice alike: the overview reads whichever the tenant has.
    new ReportRoutes(work, new ReportStore(), auth).mount(router);
    bodies.requireServed(router);
  }
}
