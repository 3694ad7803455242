package io.switchboard.voice.call;

/**
 * The close codes of the voice WebSockets (documented in docs/voice-protocol.md); reasons are short
 * enough for a close frame.
 */
public enum VoiceClose {
  /** The call ended normally: the caller hung up or the stream stopped. */
  NORMAL(1000),
  /** The node is stopping; the provider or browser may reconnect elsewhere. */
  GOING_AWAY(1001),
  /** A frame larger than the endpoint's limit. */
  TOO_BIG(1009),
  /** The token is missing, malformed, expired or not signed by a known key. */
  UNAUTHENTICATED(4001),
  /** The token is valid but may not do this: wrong tenant, role or voice module off. */
  FORBIDDEN(4003),
  /** No such call (or not one of the caller's tenant). */
  NOT_FOUND(4004),
  /** A frame broke the protocol: audio or an event before {@code start}, a second start. */
  PROTOCOL_ERROR(4400),
  /** No {@code start} in time, or no audio from the caller for too long. */
  TIMEOUT(4408),
  /** The call reached the longest a call may last. */
  TOO_LONG(4413),
  /** The tenant already holds as many calls as it may. */
  TENANT_LIMIT(4429),
  /** This node takes no more calls (full, or its speech engines are not ready). */
  UNAVAILABLE(4503);

  private final int code;

  VoiceClose(int code) {
    this.code = code;
  }

  /** The WebSocket close code. */
  public int code() {
    return code;
  }
}
