package io.switchboard.crud.grpc;

import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.message.MessageStore;
import io.switchboard.platform.auth.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;

/**
 * The gRPC front of the crud role on the node's shared HTTP port: requests whose content type is
 * {@code application/grpc...} go to one Vert.x gRPC server holding the crud services, everything
 * else on to the REST routes.
 */
public final class CrudGrpc {

  /** Content types of gRPC (and gRPC-Web) requests start with this. */
  public static final String CONTENT_TYPE_PREFIX = "application/grpc";

  /**
   * Largest request message accepted. The biggest legitimate one, a message body of {@link
   * io.switchboard.crud.message.MessageRoutes#MAX_BODY_LENGTH} characters, is at most 40 KB in
   * UTF-8; anything larger is refused before it is decoded.
   */
  public static final long MAX_MESSAGE_BYTES = 64 * 1024;

  private final GrpcServer server;

  public CrudGrpc(Vertx vertx, TenantWork work, TokenVerifier tokens) {
    this.server =
        GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(MAX_MESSAGE_BYTES));
    new ConversationGrpcService(work, new ConversationStore(), new MessageStore())
        .bind(new UnaryCalls(server, tokens));
  }

  /** Adds the gRPC route to {@code router}; mount it before routes that would claim any path. */
  public void mount(Router router) {
    router.route().handler(this::route);
  }

  private void route(RoutingContext ctx) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType != null && contentType.startsWith(CONTENT_TYPE_PREFIX)) {
      server.handle(ctx.request());
    } else {
      ctx.next();
    }
  }
}
