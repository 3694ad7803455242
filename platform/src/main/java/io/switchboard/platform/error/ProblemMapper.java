package io.switchboard.platform.error;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP responses: RFC 9457 {@code application/problem+json}
 * bodies with the status that each {@link SwitchboardException} subtype stands for. Unexpected
 * failures become a 500 whose body reveals nothing internal; they are logged here, once.
 */
public final class ProblemMapper {

  /** Media type of every error body. */
  public static final String PROBLEM_JSON = "application/problem+json";

  /** Prefix of the {@code type} URI of every problem this service answers with. */
  public static final String TYPE_BASE = "https://switchboard.dev/problems/";

  /**
   * Seconds a client is asked to wait before retrying a request that found a dependency down;
   * short, as a restarted database or a failed-over one answers again within seconds.
   */
  public static final long UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

  private ProblemMapper() {}

  /** HTTP status for a typed failure. */
  public static int status(SwitchboardException failure) {
    if (failure instanceof NotFound) {
      return 404;
    } else if (failure instanceof Conflict) {
      return 409;
    } else if (failure instanceof Invalid) {
      return 400;
    } else if (failure instanceof Unauthenticated) {
      return 401;
    } else if (failure instanceof Forbidden || failure instanceof ModuleDisabled) {
      return 403;
    } else if (failure instanceof PreconditionFailed) {
      return 412;
    } else if (failure instanceof PreconditionRequired) {
      return 428;
    } else if (failure instanceof RateLimited) {
      return 429;
    } else {
      return 503; // Unavailable, the last permitted subtype
    }
  }

  /** Problem body for a typed failure. */
  public static JsonObject problem(SwitchboardException failure, String instance) {
    JsonObject body =
        new JsonObject()
            .put("type", TYPE_BASE + failure.type())
            .put("title", title(failure.type()))
            .put("status", status(failure))
            .put("detail", failure.detail());
    if (instance != null) {
      body.put("instance", instance);
    }
    if (!failure.fieldErrors().isEmpty()) {
      JsonArray errors = new JsonArray();
      failure
          .fieldErrors()
          .forEach(
              e -> errors.add(new JsonObject().put("field", e.field()).put("reason", e.reason())));
      body.put("errors", errors);
    }
    return body;
  }

  /** A router failure handler: answers the failure of {@code ctx} as problem+json. */
  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof SwitchboardException known) {
      send(ctx, status(known), problem(known, ctx.request().path()), known);
      return;
    }
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (status >= 500) {
      LOG.error(
          "Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
    }
    JsonObject body =
        new JsonObject()
            .put("type", TYPE_BASE + slug(status))
            .put("title", title(slug(status)))
            .put("status", status)
            .put(
                "detail",
                status >= 500 ? "The server failed to handle the request." : title(slug(status)))
            .put("instance", ctx.request().path());
    send(ctx, status, body, null);
  }

  private static void send(
      RoutingContext ctx, int status, JsonObject body, SwitchboardException known) {
    if (ctx.response().headWritten()) {
      ctx.request().connection().close();
      return;
    }
    if (known instanceof RateLimited limited) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
    }
    if (known instanceof Unavailable) {
      ctx.response()
          .putHeader(HttpHeaders.RETRY_AFTER, Long.toString(UNAVAILABLE_RETRY_AFTER_SECONDS));
    }
    if (known instanceof Unauthenticated) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
        .end(body.encode());
  }

  private static String slug(int status) {
    return switch (status) {
      case 400 -> "invalid";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 409 -> "conflict";
      case 412 -> "precondition-failed";
      case 413 -> "payload-too-large";
      case 415 -> "unsupported-media-type";
      case 428 -> "precondition-required";
      case 429 -> "rate-limited";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "client-error";
    };
  }

  private static String title(String slug) {
    String words = slug.replace('-', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
