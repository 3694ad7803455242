package io.switchboard.hub.protocol;

/**
 * WebSocket close codes the hub sends, the same numbers Centrifugo's SDKs know: below 3500 the SDK
 * reconnects (and recovers), from 3500 on it stays disconnected.
 */
public enum DisconnectCode {
  /** A WebSocket message over {@code hub.max-frame-bytes} (the WebSocket code for it). */
  MESSAGE_TOO_BIG(1009, "message too big"),
  /** The node is shutting down. */
  SHUTDOWN(3001, "shutdown"),
  /** Something failed on the hub's side. */
  SERVER_ERROR(3004, "internal server error"),
  /** The token ran out and was not refreshed. */
  EXPIRED(3005, "connection expired"),
  /** The client's write queue stayed full longer than {@code hub.slow-consumer-ms}. */
  SLOW(3008, "slow"),
  /** A gap in a channel's stream could not be filled live; reconnecting recovers it. */
  INSUFFICIENT_STATE(3010, "insufficient state"),
  /** Closed by the server API, asking the client to come back. */
  FORCE_RECONNECT(3011, "force reconnect"),
  /** No pong within {@code hub.pong-timeout-seconds} of a ping. */
  NO_PONG(3012, "no pong"),
  /**
   * Kept sending commands far past {@code hub.commands-per-second}. A reconnecting code: the SDK
   * comes back after its backoff with a fresh bucket, while a client that ignores codes gains
   * nothing from a terminal one.
   */
  TOO_MANY_REQUESTS(3013, "too many requests"),
  /** The token given in connect or refresh was not accepted. */
  INVALID_TOKEN(3500, "invalid token"),
  /** A frame that could not be read, a command out of order, or one over a frame limit. */
  BAD_REQUEST(3501, "bad request"),
  /** No connect command within {@code hub.connect-timeout-ms}. */
  STALE(3502, "stale"),
  /** Closed by the server API for good. */
  FORCE_NO_RECONNECT(3503, "force disconnect"),
  /** Over {@code hub.max-connections-per-user} or {@code hub.max-connections-per-tenant}. */
  CONNECTION_LIMIT(3504, "connection limit"),
  /** A refreshed token names another tenant or user. */
  PERMISSION_DENIED(3507, "permission denied");

  private final int code;
  private final String reason;

  DisconnectCode(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  /** True when the SDK reconnects after it. */
  public boolean reconnects() {
    return code < 3500;
  }
}
