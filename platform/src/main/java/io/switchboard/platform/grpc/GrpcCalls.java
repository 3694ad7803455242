package io.switchboard.platform.grpc;

import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.error.GrpcStatusMapper;
import io.switchboard.platform.log.LogContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;

/**
 * What every role's gRPC front shares on the node's HTTP port: routing calls to the role's own
 * {@link GrpcServer} by the proto package of their service, the bearer token of a call, and the
 * answer of a finished call.
 */
public final class GrpcCalls {

  /** Content types of gRPC (and gRPC-Web) requests start with this. */
  public static final String CONTENT_TYPE_PREFIX = "application/grpc";

  /** Metadata key of the bearer token; gRPC metadata keys are lowercase. */
  public static final String AUTHORIZATION = "authorization";

  private GrpcCalls() {}

  /**
   * Adds a route handing gRPC calls of services in proto package {@code protoPackage} (e.g. {@code
   * switchboard.crud.v1}) to {@code server}; everything else goes on. Each role owns its package,
   * so several roles' servers share the port without claiming each other's calls.
   */
  public static void route(Router router, GrpcServer server, String protoPackage) {
    String pathPrefix = "/" + protoPackage + ".";
    router.route().handler(ctx -> handOver(ctx, server, pathPrefix));
  }

  private static void handOver(RoutingContext ctx, GrpcServer server, String pathPrefix) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType != null
        && contentType.startsWith(CONTENT_TYPE_PREFIX)
        && ctx.request().path().startsWith(pathPrefix)) {
      server.handle(ctx.request());
    } else {
      ctx.next();
    }
  }

  /** The verified caller of {@code request}'s {@code authorization} metadata. */
  public static Future<Caller> authenticate(TokenVerifier tokens, GrpcServerRequest<?, ?> request) {
    return BearerAuthHandler.bearerToken(request.headers().get(AUTHORIZATION))
        .compose(tokens::verify)
        .onSuccess(verified -> LogContext.tenant(verified.tenantId()));
  }

  /** Ends {@code request} with the result, or the status {@link GrpcStatusMapper} gives failure. */
  public static <Req, Resp> void answer(
      GrpcServerRequest<Req, Resp> request, AsyncResult<Resp> done) {
    if (done.succeeded()) {
      request.response().end(done.result());
      return;
    }
    GrpcStatusMapper.Mapped mapped = GrpcStatusMapper.map(done.cause(), request.fullMethodName());
    request.response().status(mapped.status()).statusMessage(mapped.message()).end();
  }
}
