package io.switchboard.platform.bus;

/** Event-bus addresses the hub role answers on for other roles of the cluster. */
public final class HubAddresses {

  /**
   * Publishes into one of a tenant's channels as the server API does, request/reply with a JSON
   * body {@code {"tenant", "channel", "data": {...}}}; replies {@code {"offset", "epoch"}}.
   * Failures carry the HTTP status of the error as their failure code (400, 404, 429, 503).
   */
  public static final String PUBLISH = "hub.api.publish";

  private HubAddresses() {}
}
