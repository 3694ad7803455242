package io.switchboard.hub.api;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.TenantKeys;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.ProblemMapper;
import io.switchboard.platform.error.SwitchboardException;
import io.switchboard.platform.error.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request of another role of the cluster over the event bus, {@code {"tenant", "channel",
 * "data"}}, acted on as a service of that tenant. The bus is trusted, as the tenant comes from the
 * request: only roles of the cluster reach it.
 */
record RoleRequest(String tenant, String channel, JsonObject data) {

  private static final Set<String> FIELDS = Set.of("tenant", "channel", "data");

  private static final Logger LOG = LoggerFactory.getLogger(RoleRequest.class);

  /**
   * Answers {@code msg} with what {@code action} makes of its request; a failure carries the HTTP
   * status of its error as the failure code, and one that has no type is the hub being unavailable.
   */
  static void answer(Message<Object> msg, Function<RoleRequest, Future<JsonObject>> action) {
    Future<JsonObject> result;
    try {
      result = action.apply(parse(msg.body()));
    } catch (RuntimeException refused) {
      result = Future.failedFuture(refused);
    }
    result.onComplete(
        done -> {
          if (done.succeeded()) {
            msg.reply(done.result());
            return;
          }
          SwitchboardException known;
          if (done.cause() instanceof SwitchboardException typed) {
            known = typed;
          } else {
            LOG.error("Request at {} from the bus failed", msg.address(), done.cause());
            known = new Unavailable("the hub could not do it now");
          }
          msg.fail(ProblemMapper.status(known), known.detail());
        });
  }

  /** The request in {@code body}, or an error naming the wrong field. */
  static RoleRequest parse(Object body) {
    if (!(body instanceof JsonObject request)) {
      throw Invalid.field("$", "must be a JSON object of tenant, channel and data");
    }
    request.fieldNames().stream()
        .filter(name -> !FIELDS.contains(name))
        .sorted()
        .findFirst()
        .ifPresent(
            unknown -> {
              throw Invalid.field(unknown, "unknown field");
            });
    if (!(request.getValue("tenant") instanceof String tenant) || !TenantKeys.valid(tenant)) {
      throw Invalid.field("tenant", "must be a tenant key: lowercase letters, digits and dashes");
    }
    if (!(request.getValue("channel") instanceof String channel)) {
      throw Invalid.field("channel", "must be a channel name");
    }
    if (!(request.getValue("data") instanceof JsonObject data)) {
      throw Invalid.field("data", "must be a JSON object");
    }
    return new RoleRequest(tenant, channel, data);
  }

  /** The service of the tenant the request acts as. */
  Caller caller() {
    return new Caller(tenant, PublishConsumer.BUS_USER, EnumSet.of(Role.SERVICE), Instant.MAX);
  }
}
