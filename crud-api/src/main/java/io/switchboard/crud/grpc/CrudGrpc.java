package io.switchboard.crud.grpc;

import io.switchboard.crud.call.CallStore;
import io.switchboard.crud.canned.CannedResponseStore;
import io.switchboard.crud.contact.ContactStore;
import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.inbox.InboxStore;
import io.switchboard.crud.inbox.MemberStore;
import io.switchboard.crud.kb.KbArticleStore;
import io.switchboard.crud.message.MessageBatcher;
import io.switchboard.crud.message.MessageStore;
import io.switchboard.crud.team.TeamStore;
import io.switchboard.crud.tenant.Modules;
import io.switchboard.crud.tenant.TenantStore;
import io.switchboard.crud.ticket.TicketStore;
import io.switchboard.crud.user.UserStore;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.grpc.GrpcCalls;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;

/**
 * The gRPC front of the crud role on the node's shared HTTP port: gRPC calls of the {@code
 * switchboard.crud.v1} services go to one Vert.x gRPC server holding them, everything else on to
 * other roles' gRPC servers and the REST routes.
 */
public final class CrudGrpc {

  /** The proto package of the crud services; calls of other packages are not the crud role's. */
  public static final String PROTO_PACKAGE = "switchboard.crud.v1";

  /**
   * Largest request message accepted. The biggest legitimate one, a knowledge-base article of
   * {@link io.switchboard.crud.kb.KbArticleInputs#MAX_BODY_LENGTH} characters, fits in 1 MiB, the
   * default of the REST body limit too; anything larger is refused before it is decoded.
   */
  public static final long MAX_MESSAGE_BYTES = 1024 * 1024;

  private final GrpcServer server;

  /** The services over {@code work}, each switched by the module its REST resource belongs to. */
  public CrudGrpc(Vertx vertx, TenantWork work, TokenVerifier tokens, MessageBatcher messages) {
    this.server =
        GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(MAX_MESSAGE_BYTES));
    UnaryCalls calls = new UnaryCalls(server, tokens);
    new ConversationGrpcService(
            work.requiring(Modules.CHAT), new ConversationStore(), new MessageStore(), messages)
        .bind(calls);
    ResourceCalls resources = new ResourceCalls(calls, work);
    ResourceCalls chat = resources.requiring(Modules.CHAT);
    new InboxGrpcService(new InboxStore(), new MemberStore()).bind(chat);
    new ContactGrpcService(new ContactStore()).bind(chat);
    new CannedResponseGrpcService(new CannedResponseStore()).bind(chat);
    new TicketGrpcService(new TicketStore()).bind(resources.requiring(Modules.TICKETS));
    new CallGrpcService(new CallStore()).bind(resources.requiring(Modules.VOICE));
    new TenantGrpcService(new TenantStore(work.switches())).bind(resources);
    new UserGrpcService(new UserStore()).bind(resources);
    new TeamGrpcService(new TeamStore()).bind(resources);
    // The knowledge base serves every module, as on REST.
    new KbArticleGrpcService(new KbArticleStore()).bind(resources);
  }

  /** Adds the gRPC route to {@code router}; mount it before routes that would claim any path. */
  public void mount(Router router) {
    GrpcCalls.route(router, server, PROTO_PACKAGE);
  }
}
