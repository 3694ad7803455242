package io.switchboard.crud.grpc;

import com.google.protobuf.Message;
import io.switchboard.crud.http.SqlErrors;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.grpc.GrpcCalls;
import io.vertx.core.Future;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Binds unary gRPC methods to work done for an authenticated caller: every call must carry {@code
 * authorization: Bearer <jwt>} metadata the {@link TokenVerifier} accepts, and is answered with the
 * work's result or the status {@link io.switchboard.platform.error.GrpcStatusMapper} gives its
 * failure.
 */
final class UnaryCalls {

  private final GrpcServer server;
  private final TokenVerifier tokens;

  UnaryCalls(GrpcServer server, TokenVerifier tokens) {
    this.server = server;
    this.tokens = tokens;
  }

  /** Answers calls of {@code method} with {@code work}, which may throw to refuse its input. */
  <Req extends Message, Resp> void bind(
      ServiceMethod<Req, Resp> method, BiFunction<Caller, Req, Future<Resp>> work) {
    bindCall(method, call -> work.apply(call.caller(), call.message()));
  }

  /** Like {@link #bind}, for work that also reads the call's metadata. */
  <Req extends Message, Resp> void bindCall(
      ServiceMethod<Req, Resp> method, Function<CallInput<Req>, Future<Resp>> work) {
    server.callHandler(method, request -> handle(request, work));
  }

  private <Req extends Message, Resp> void handle(
      GrpcServerRequest<Req, Resp> request, Function<CallInput<Req>, Future<Resp>> work) {
    GrpcCalls.serve(
        request,
        tokens,
        (caller, message) ->
            work.apply(
                new CallInput<>(caller, message, request.headers(), request.fullMethodName())),
        SqlErrors::translate);
  }
}
