package io.switchboard.platform.auth;

import io.switchboard.platform.error.ProblemMapper;
import io.switchboard.platform.error.Unauthenticated;
import io.switchboard.platform.log.LogContext;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

/**
 * A route handler that admits requests carrying {@code Authorization: Bearer <token>} with a token
 * the {@link TokenVerifier} accepts, and fails all others with {@link Unauthenticated}, which
 * {@link ProblemMapper#handle} answers as a 401.
 *
 * <p>It is an {@link AuthenticationHandler} so that the router orders it as vertx-web's own
 * authentication handlers: after a body handler on the same route, before plain handlers.
 */
public final class BearerAuthHandler implements AuthenticationHandler {

  private static final String CALLER_KEY = BearerAuthHandler.class.getName() + ".caller";

  private static final String SCHEME = "Bearer ";

  private final TokenVerifier verifier;

  private BearerAuthHandler(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /** A handler that verifies tokens with {@code verifier}. */
  public static BearerAuthHandler create(TokenVerifier verifier) {
    return new BearerAuthHandler(verifier);
  }

  /**
   * The caller a {@link BearerAuthHandler} earlier on the route admitted.
   *
   * @throws IllegalStateException if no such handler ran, which is a routing mistake
   */
  public static Caller caller(RoutingContext ctx) {
    Caller caller = ctx.get(CALLER_KEY);
    if (caller == null) {
      throw new IllegalStateException("no BearerAuthHandler ran before this handler");
    }
    return caller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    // A request admitted earlier on its way, e.g. by a route that checks its body, is not verified
    // twice.
    if (ctx.get(CALLER_KEY) != null) {
      ctx.next();
      return;
    }
    // Verifying may wait for a JWKS fetch; pausing keeps the body for the handlers after this one.
    boolean paused = !ctx.request().isEnded();
    if (paused) {
      ctx.request().pause();
    }
    bearerToken(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .compose(verifier::verify)
        .onComplete(
            verified -> {
              if (paused) {
                ctx.request().resume();
              }
              if (verified.succeeded()) {
                ctx.put(CALLER_KEY, verified.result());
                LogContext.tenant(verified.result().tenantId());
                ctx.next();
              } else {
                ctx.fail(verified.cause());
              }
            });
  }

  /**
   * The token in an {@code Authorization} header value, or a failed future holding an {@link
   * Unauthenticated} saying what is wrong with the header; shared by every protocol's front.
   */
  public static Future<String> bearerToken(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Future.failedFuture(new Unauthenticated("missing Authorization header"));
    }
    // RFC 9110: the scheme name is case-insensitive
    if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return Future.failedFuture(
          new Unauthenticated("Authorization header must use the Bearer scheme"));
    }
    return Future.succeededFuture(authorization.substring(SCHEME.length()).strip());
  }
}
