package io.switchboard.hub.api;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.bus.HubAddresses;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.ProblemMapper;
import io.switchboard.platform.error.SwitchboardException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server API's publish for the other roles of the cluster, at {@link HubAddresses#PUBLISH}:
 * {@code {"tenant", "channel", "data"}} is published through {@link HubApi} as a service of that
 * tenant, with the same rules and limits as an integrator's publish but the tenant's own publish
 * rate rather than the integrators' bucket, and answered {@code {"offset", "epoch"}}; a failure
 * carries the HTTP status of its error as the failure code. The bus is trusted, as the tenant comes
 * from the request: only roles of the cluster reach it.
 */
public final class PublishConsumer {

  /** The user other roles publish as; a conversation's stored message is authored by it. */
  public static final String BUS_USER = "switchboard-bus";

  /** Tenant keys, as tokens and the {@code tenants} table require them. */
  private static final Pattern TENANT_SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

  /** Failure code of failures that have no type. */
  private static final int INTERNAL_FAILURE = 500;

  private static final Set<String> FIELDS = Set.of("tenant", "channel", "data");

  private static final Logger LOG = LoggerFactory.getLogger(PublishConsumer.class);

  private final HubApi api;

  public PublishConsumer(HubApi api) {
    this.api = api;
  }

  /** Registers the consumer; the future completes once the cluster knows of it. */
  public Future<MessageConsumer<Object>> register(EventBus bus) {
    MessageConsumer<Object> consumer = bus.consumer(HubAddresses.PUBLISH, this::answer);
    return consumer.completion().map(registered -> consumer);
  }

  private void answer(Message<Object> msg) {
    Future<JsonObject> result;
    try {
      result = publish(msg.body());
    } catch (RuntimeException refused) {
      result = Future.failedFuture(refused);
    }
    result.onComplete(
        done -> {
          if (done.succeeded()) {
            msg.reply(done.result());
          } else if (done.cause() instanceof SwitchboardException known) {
            msg.fail(ProblemMapper.status(known), known.detail());
          } else {
            LOG.error("Publish from the bus failed", done.cause());
            msg.fail(INTERNAL_FAILURE, "publishing failed");
          }
        });
  }

  private Future<JsonObject> publish(Object body) {
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
    if (!(request.getValue("tenant") instanceof String tenant)
        || !TENANT_SLUG.matcher(tenant).matches()) {
      throw Invalid.field("tenant", "must be a tenant key: lowercase letters, digits and dashes");
    }
    if (!(request.getValue("channel") instanceof String channel)) {
      throw Invalid.field("channel", "must be a channel name");
    }
    if (!(request.getValue("data") instanceof JsonObject data)) {
      throw Invalid.field("data", "must be a JSON object");
    }
    Caller service = new Caller(tenant, BUS_USER, EnumSet.of(Role.SERVICE), Instant.MAX);
    return api.publishForRole(service, channel, data).map(HubApi.Published::toJson);
  }
}
