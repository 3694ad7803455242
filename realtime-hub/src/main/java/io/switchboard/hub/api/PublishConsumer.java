package io.switchboard.hub.api;

import io.switchboard.platform.bus.HubAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * The server API's publish for the other roles of the cluster, at {@link HubAddresses#PUBLISH}:
 * {@code {"tenant", "channel", "data"}} is published through {@link HubApi} as a service of that
 * tenant, with the same rules and limits as an integrator's publish but the tenant's own publish
 * rate rather than the integrators' bucket, and answered {@code {"offset", "epoch"}}; a failure
 * carries the HTTP status of its error as the failure code.
 */
public final class PublishConsumer {

  /** The user other roles publish as; a conversation's stored message is authored by it. */
  public static final String BUS_USER = "switchboard-bus";

  private final HubApi api;

  public PublishConsumer(HubApi api) {
    this.api = api;
  }

  /** Registers the consumer; the future completes once the cluster knows of it. */
  public Future<MessageConsumer<Object>> register(EventBus bus) {
    MessageConsumer<Object> consumer =
        bus.consumer(
            HubAddresses.PUBLISH,
            msg ->
                RoleRequest.answer(
                    msg,
                    request ->
                        api.publishForRole(request.caller(), request.channel(), request.data())
                            .map(HubApi.Published::toJson)));
    return consumer.completion().map(registered -> consumer);
  }
}
