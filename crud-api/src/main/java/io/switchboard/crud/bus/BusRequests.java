package io.switchboard.crud.bus;

import io.switchboard.crud.http.SqlErrors;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.ProblemMapper;
import io.switchboard.platform.error.SwitchboardException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every crud consumer on the event bus shares: reading the trusted {@code tenant} and {@code
 * actor} of a request, and replying with the result or with the HTTP status of the typed failure as
 * the failure code; a 400's message names each refused field and why.
 */
final class BusRequests {

  /** Failure code for failures that have no type. */
  static final int INTERNAL_FAILURE = 500;

  /** The fields every request carries besides its own. */
  static final String TENANT = "tenant";

  static final String ACTOR = "actor";

  private static final Logger LOG = LoggerFactory.getLogger(BusRequests.class);

  private BusRequests() {}

  /** Who the request acts as: its {@code tenant} and {@code actor: {"user", "roles"}}. */
  static Caller caller(JsonObject request) {
    if (request == null
        || !(request.getValue(TENANT) instanceof String tenant)
        || tenant.isBlank()) {
      throw Invalid.field(TENANT, "is required");
    }
    if (!(request.getValue(ACTOR) instanceof JsonObject actor)
        || !(actor.getValue("user") instanceof String user)
        || user.isBlank()
        || !(actor.getValue("roles") instanceof JsonArray roleNames)) {
      throw Invalid.field(ACTOR, "must be {\"user\": \"...\", \"roles\": [...]}");
    }
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    try {
      roleNames.forEach(name -> roles.add(Role.parse(String.valueOf(name))));
    } catch (IllegalArgumentException e) {
      throw Invalid.field("actor.roles", e.getMessage());
    }
    return new Caller(tenant, user, roles, Instant.now());
  }

  /**
   * The request's own fields as the body the REST API would have received, so that the REST input
   * rules read it: everything but the envelope ({@code tenant}, {@code actor}) and {@code also},
   * e.g. the id the REST API takes from the path.
   */
  static Buffer body(JsonObject request, String... also) {
    JsonObject body = request.copy();
    body.remove(TENANT);
    body.remove(ACTOR);
    for (String field : also) {
      body.remove(field);
    }
    return body.toBuffer();
  }

  /** Replies to {@code msg} with what {@code handler} makes of its body, or with its failure. */
  static void answer(Message<JsonObject> msg, Function<JsonObject, Future<JsonObject>> handler) {
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
            return;
          }
          Throwable failure = SqlErrors.translate(done.cause());
          if (failure instanceof SwitchboardException known) {
            msg.fail(ProblemMapper.status(known), message(known));
          } else {
            LOG.error("Unhandled failure on {}", msg.address(), failure);
            msg.fail(INTERNAL_FAILURE, "internal error");
          }
        });
  }

  /** The detail, then each refused field as {@code field: reason}: a bus failure has no body. */
  private static String message(SwitchboardException failure) {
    if (failure.fieldErrors().isEmpty()) {
      return failure.detail();
    }
    return failure.detail()
        + " ("
        + failure.fieldErrors().stream()
            .map(e -> e.field() + ": " + e.reason())
            .collect(Collectors.joining("; "))
        + ")";
  }
}
