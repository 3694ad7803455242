package io.switchboard.hub.api;

import io.switchboard.platform.bus.HubAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Notices of the other roles of the cluster, at {@link HubAddresses#NOTICE}: {@code {"tenant",
 * "channel", "data"}} reaches the subscribers of the tenant's conversation through {@link HubApi}
 * without being kept, as typing does (the AI agent's reply as it is written, say), and is answered
 * {@code {}}; a failure carries the HTTP status of its error as the failure code.
 */
public final class NoticeConsumer {

  private final HubApi api;

  public NoticeConsumer(HubApi api) {
    this.api = api;
  }

  /** Registers the consumer; the future completes once the cluster knows of it. */
  public Future<MessageConsumer<Object>> register(EventBus bus) {
    MessageConsumer<Object> consumer =
        bus.consumer(
            HubAddresses.NOTICE,
            msg ->
                RoleRequest.answer(
                    msg,
                    request ->
                        api.noticeForRole(request.caller(), request.channel(), request.data())
                            .map(sent -> new JsonObject())));
    return consumer.completion().map(registered -> consumer);
  }
}
