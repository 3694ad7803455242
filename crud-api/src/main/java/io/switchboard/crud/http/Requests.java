package io.switchboard.crud.http;

import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Glue between routes and features: runs a handler's work as a {@link Future}, so that input
 * refused while parsing fails the same way as a refused write, and sends the {@link ApiResponse}.
 */
public final class Requests {

  private Requests() {}

  /** Runs {@code work} for the authenticated caller and answers with its response or failure. */
  public static void answer(RoutingContext ctx, Function<Caller, Future<ApiResponse>> work) {
    Future<ApiResponse> result;
    try {
      result = work.apply(BearerAuthHandler.caller(ctx));
    } catch (RuntimeException refused) {
      result = Future.failedFuture(refused);
    }
    respond(ctx, result);
  }

  /** Answers with {@code result}'s response or failure, for a request made without a token. */
  public static void respond(RoutingContext ctx, Future<ApiResponse> result) {
    result.onComplete(
        done -> {
          if (done.succeeded()) {
            send(ctx, done.result());
          } else {
            ctx.fail(SqlErrors.translate(done.cause()));
          }
        });
  }

  /** The {@code Idempotency-Key} of the request, checked, or null. */
  public static String idempotencyKey(RoutingContext ctx) {
    return Idempotency.key(ctx.request().getHeader(Idempotency.HEADER));
  }

  /** The digest identifying this request for idempotency. */
  public static String requestHash(RoutingContext ctx) {
    return Idempotency.hash(
        ctx.request().method().name(), ctx.request().path(), ctx.body().buffer());
  }

  private static void send(RoutingContext ctx, ApiResponse response) {
    if (response.etag() != null) {
      ctx.response().putHeader(HttpHeaders.ETAG, response.etag());
    }
    if (response.body() == null) {
      ctx.response().setStatusCode(response.status()).end();
      return;
    }
    ctx.response()
        .setStatusCode(response.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(response.body().encode());
  }
}
