package io.switchboard.ai.bot;

import io.switchboard.platform.bus.HubAddresses;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a reply being written into its conversation's channel as notices that are not kept
 * ({@code hub.api.notice}): {@code {"type": "bot.delta", "turn_id", "text"}} pieces, and {@code
 * {"type": "bot.reset", "turn_id"}} when a failed model's words are void. The stored message that
 * follows carries the turn id as its {@code client_message_id}, so a client replaces the pieces
 * with it. Best effort: a notice lost (no hub role, the tenant's publish rate) loses nothing
 * stored.
 */
public final class HubNotices {

  private static final long TIMEOUT_MS = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger(HubNotices.class);

  private final EventBus bus;

  public HubNotices(EventBus bus) {
    this.bus = bus;
  }

  /** The next piece of turn {@code turnId}'s reply. */
  public void delta(String tenant, String conversationId, String turnId, String text) {
    send(
        tenant,
        conversationId,
        new JsonObject().put("type", "bot.delta").put("turn_id", turnId).put("text", text));
  }

  /** What turn {@code turnId} streamed so far is void. */
  public void reset(String tenant, String conversationId, String turnId) {
    send(tenant, conversationId, new JsonObject().put("type", "bot.reset").put("turn_id", turnId));
  }

  private void send(String tenant, String conversationId, JsonObject data) {
    JsonObject request =
        new JsonObject()
            .put("tenant", tenant)
            .put("channel", "conversation:" + conversationId)
            .put("data", data);
    bus.request(HubAddresses.NOTICE, request, new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
        .onFailure(failed -> LOG.debug("Notice not delivered: {}", failed.getMessage()));
  }
}
