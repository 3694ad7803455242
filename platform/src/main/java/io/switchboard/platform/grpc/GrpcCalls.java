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
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * What every role's gRPC front shares on the node's HTTP port: routing calls to the role's own
 * {@link GrpcServer} by the proto package of their service, and serving a unary call for its
 * authenticated caller.
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

  /**
   * Answers {@code request} with {@code work} done for its verified caller ({@code authorization:
   * Bearer <jwt>} metadata), or with the status {@link GrpcStatusMapper} gives the failure once
   * {@code translate} has typed it; {@code work} may throw to refuse its input.
   */
  public static <Req, Resp> void serve(
      GrpcServerRequest<Req, Resp> request,
      TokenVerifier tokens,
      BiFunction<Caller, Req, Future<Resp>> work,
      UnaryOperator<Throwable> translate) {
    // Both start now: the message must be read from this tick on, the token checked meanwhile.
    Future<Caller> caller = authenticate(tokens, request);
    Future<Req> message = request.last();
    Future.all(caller, message)
        .compose(both -> run(work, caller.result(), message.result()))
        .onComplete(
            done ->
                answer(
                    request,
                    done.succeeded() ? done : Future.failedFuture(translate.apply(done.cause()))));
  }

  private static <Req, Resp> Future<Resp> run(
      BiFunction<Caller, Req, Future<Resp>> work, Caller caller, Req message) {
    try {
      return work.apply(caller, message);
    } catch (RuntimeException refused) {
      // Input checks throw, so refused input fails the call like a refused write does.
      return Future.failedFuture(refused);
    }
  }

  private static Future<Caller> authenticate(
      TokenVerifier tokens, GrpcServerRequest<?, ?> request) {
    return BearerAuthHandler.bearerToken(request.headers().get(AUTHORIZATION))
        .compose(tokens::verify)
        .onSuccess(verified -> LogContext.tenant(verified.tenantId()));
  }

  private static <Req, Resp> void answer(
      GrpcServerRequest<Req, Resp> request, AsyncResult<Resp> done) {
    if (done.succeeded()) {
      request.response().end(done.result());
      return;
    }
    GrpcStatusMapper.Mapped mapped = GrpcStatusMapper.map(done.cause(), request.fullMethodName());
    request.response().status(mapped.status()).statusMessage(mapped.message()).end();
  }
}
