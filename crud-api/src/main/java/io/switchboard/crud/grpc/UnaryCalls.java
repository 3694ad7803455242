package io.switchboard.crud.grpc;

import com.google.protobuf.Message;
import io.switchboard.crud.http.SqlErrors;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.grpc.GrpcCalls;
import io.vertx.core.AsyncResult;
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
    // Both start now: the message must be read from this tick on, the token checked meanwhile.
    Future<Caller> caller = GrpcCalls.authenticate(tokens, request);
    Future<Req> message = request.last();
    Future.all(caller, message)
        .compose(
            both ->
                run(
                    work,
                    new CallInput<>(
                        caller.result(),
                        message.result(),
                        request.headers(),
                        request.fullMethodName())))
        .onComplete(done -> answer(request, done));
  }

  private static <Req extends Message, Resp> Future<Resp> run(
      Function<CallInput<Req>, Future<Resp>> work, CallInput<Req> call) {
    try {
      return work.apply(call);
    } catch (RuntimeException refused) {
      // Input checks throw, so refused input fails the call like a refused write does.
      return Future.failedFuture(refused);
    }
  }

  private static <Req, Resp> void answer(
      GrpcServerRequest<Req, Resp> request, AsyncResult<Resp> done) {
    GrpcCalls.answer(
        request, done.succeeded() ? done : Future.failedFuture(SqlErrors.translate(done.cause())));
  }
}
