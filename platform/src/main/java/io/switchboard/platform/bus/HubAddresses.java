package io.switchboard.platform.bus;

/** Event-bus addresses the hub role answers on for other roles of the cluster. */
public final class HubAddresses {

  /**
   * Publishes into one of a tenant's channels as the server API does, request/reply with a JSON
   * body {@code {"tenant", "channel", "data": {...}}}; replies {@code {"offset", "epoch"}}. A
   * conversation's new message is answered once it has been handed to delivery, so a {@link
   * #NOTICE} sent after the answer reaches subscribers after the message. Failures carry the HTTP
   * status of the error as their failure code (400, 404, 429, 503).
   */
  public static final String PUBLISH = "hub.api.publish";

  /**
   * Delivers a notice that is not kept (no offset, not in history or recovery), as typing is, into
   * a tenant's {@code conversation:<id>} channel, request/reply with {@code {"tenant", "channel",
   * "data": {...}}}; replies {@code {}}. The AI agent streams its reply this way ({@code {"type":
   * "bot.delta", "turn_id", "text"}}) before the whole reply is stored as a message. Same size
   * limit and tenant publish rate as {@link #PUBLISH}; failures carry the HTTP status (400, 404,
   * 429, 503).
   */
  public static final String NOTICE = "hub.api.notice";

  private HubAddresses() {}
}
