package io.switchboard.hub.history;

import java.time.Duration;

/**
 * How much of a channel's stream the window keeps: the newest {@code size} entries holding at most
 * {@code maxBytes} together (the newest entry always stays), for {@code ttl} after the last append,
 * and at most {@code maxRecovered} entries handed to one recovery.
 */
public record WindowOptions(int size, long maxBytes, Duration ttl, int maxRecovered) {

  public WindowOptions {
    if (size < 1) {
      throw new IllegalArgumentException("window size must be at least 1, was " + size);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("window bytes must be at least 1, was " + maxBytes);
    }
    if (ttl == null || ttl.toMillis() < 1) {
      throw new IllegalArgumentException("window ttl must be at least 1 ms, was " + ttl);
    }
    if (maxRecovered < 0) {
      throw new IllegalArgumentException("maxRecovered must not be negative, was " + maxRecovered);
    }
  }
}
