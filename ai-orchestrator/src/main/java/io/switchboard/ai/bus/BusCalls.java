package io.switchboard.ai.bus;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.TenantKeys;
import io.switchboard.platform.error.Forbidden;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.ModuleDisabled;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.error.ProblemMapper;
import io.switchboard.platform.error.RateLimited;
import io.switchboard.platform.error.SwitchboardException;
import io.switchboard.platform.error.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both ends of the AI role's request/reply addresses: reading the trusted {@code tenant} and {@code
 * actor} of a request, replying with the result or with the HTTP status of the typed failure as the
 * failure code and {@code type: detail} as its message, and turning such a failure back into the
 * same typed error on the caller's side, so a REST front answers it as the service would have.
 */
public final class BusCalls {

  private static final int INTERNAL_FAILURE = 500;

  private static final Logger LOG = LoggerFactory.getLogger(BusCalls.class);

  private BusCalls() {}

  /** The request's {@code tenant}, a tenant key. */
  public static String tenant(Object body) {
    if (!(body instanceof JsonObject request)
        || !(request.getValue("tenant") instanceof String tenant)
        || !TenantKeys.valid(tenant)) {
      throw Invalid.field("tenant", "must be a tenant key");
    }
    return tenant;
  }

  /** A request as {@code caller}: its {@code tenant} and {@code actor}. */
  public static JsonObject request(Caller caller) {
    JsonArray roles = new JsonArray();
    caller.roles().forEach(role -> roles.add(role.wireName()));
    return new JsonObject()
        .put("tenant", caller.tenantId())
        .put("actor", new JsonObject().put("user", caller.userId()).put("roles", roles));
  }

  /** Who the request acts as: its {@code tenant} and {@code actor: {"user", "roles"}}. */
  public static Caller caller(Object body) {
    String tenant = tenant(body);
    JsonObject request = (JsonObject) body;
    if (!(request.getValue("actor") instanceof JsonObject actor)
        || !(actor.getValue("user") instanceof String user)
        || user.isBlank()
        || !(actor.getValue("roles") instanceof JsonArray names)) {
      throw Invalid.field("actor", "must be {\"user\": \"...\", \"roles\": [...]}");
    }
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    try {
      names.forEach(name -> roles.add(Role.parse(String.valueOf(name))));
    } catch (IllegalArgumentException e) {
      throw Invalid.field("actor.roles", e.getMessage());
    }
    return new Caller(tenant, user, roles, Instant.MAX);
  }

  /** A required string field of at most {@code max} characters. */
  public static String text(Object body, String field, int max) {
    if (!(body instanceof JsonObject json)
        || !(json.getValue(field) instanceof String value)
        || value.isBlank()) {
      throw Invalid.field(field, "is required");
    }
    if (value.length() > max) {
      throw Invalid.field(field, "is longer than " + max + " characters");
    }
    return value;
  }

  /** Replies to {@code msg} with what {@code handler} makes of its body, or with its failure. */
  public static void answer(Message<Object> msg, Function<Object, Future<JsonObject>> handler) {
    Future<JsonObject> result;
    try {
      result = handler.apply(msg.body());
    } catch (RuntimeException refused) {
      result = Future.failedFuture(refused);
    }
    result.onComplete(
        done -> {
          if (done.succeeded()) {
            msg.reply(done.result());
          } else {
            fail(msg, done.cause());
          }
        });
  }

  /** Fails {@code msg} with the status and type of {@code failure}. */
  public static void fail(Message<?> msg, Throwable failure) {
    if (failure instanceof SwitchboardException known) {
      String fields =
          known.fieldErrors().stream()
              .map(e -> e.field() + ": " + e.reason())
              .collect(Collectors.joining("; "));
      msg.fail(
          ProblemMapper.status(known),
          known.type() + ": " + known.detail() + (fields.isEmpty() ? "" : " (" + fields + ")"));
    } else {
      LOG.error("Unhandled failure on {}", msg.address(), failure);
      msg.fail(INTERNAL_FAILURE, "unavailable: the AI agent failed");
    }
  }

  /** The typed error that a failure made by {@link #fail} stands for. */
  public static SwitchboardException typed(Throwable failure) {
    if (!(failure instanceof ReplyException reply)
        || reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return new Unavailable("the AI agent is not running or did not answer in time");
    }
    String message = String.valueOf(reply.getMessage());
    int colon = message.indexOf(": ");
    String type = colon < 0 ? "" : message.substring(0, colon);
    String detail = colon < 0 ? message : message.substring(colon + 2);
    switch (reply.failureCode()) {
      case 400:
        return new Invalid(detail);
      case 403:
        return "module-disabled".equals(type) ? new ModuleDisabled("ai") : new Forbidden(detail);
      case 404:
        return new NotFound(detail);
      case 429:
        return new RateLimited(detail, 1);
      default:
        return "busy".equals(type) ? Unavailable.busy(detail) : new Unavailable(detail);
    }
  }
}
