package io.switchboard.hub.api;

import io.switchboard.hub.events.StoredDeliveries;
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
 *
 * <p>A new message of a conversation is answered once this node has handed it to delivery, not at
 * its commit: a role that sends a notice after the answer (the AI agent starting its next reply)
 * then knows that subscribers get the notice after the message.
 */
public final class PublishConsumer {

  /** The user other roles publish as; a conversation's stored message is authored by it. */
  public static final String BUS_USER = "switchboard-bus";

  private final HubApi api;
  private final StoredDeliveries storedDeliveries;

  public PublishConsumer(HubApi api, StoredDeliveries storedDeliveries) {
    this.api = api;
    this.storedDeliveries = storedDeliveries;
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
                            .compose(published -> delivered(request, published))
                            .map(HubApi.Published::toJson)));
    return consumer.completion().map(registered -> consumer);
  }

  private Future<HubApi.Published> delivered(RoleRequest request, HubApi.Published published) {
    // Only a conversation's message has an id; a repeat was handed over with its first copy.
    if (published.id() == null || !published.created()) {
      return Future.succeededFuture(published);
    }
    return storedDeliveries
        .handedOver(request.tenant(), request.channel(), published.offset())
        .map(published);
  }
}
