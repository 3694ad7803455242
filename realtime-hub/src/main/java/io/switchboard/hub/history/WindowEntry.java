package io.switchboard.hub.history;

import io.vertx.core.buffer.Buffer;

/**
 * One publication of a channel's window: its offset and the bytes the hub stored (an encoded
 * Publication; opaque to the window).
 */
public record WindowEntry(long offset, Buffer payload) {}
