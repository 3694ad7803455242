package io.switchboard.hub.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The reason text of a WebSocket close frame, cut to fit: a control frame carries at most 125
 * bytes, two of them the code, so a longer reason makes the whole frame invalid and the client sees
 * an abnormal closure (1006) instead of the code.
 */
public final class CloseReason {

  /** Most UTF-8 bytes of reason a close frame holds (RFC 6455, section 5.5). */
  public static final int MAX_BYTES = 123;

  private CloseReason() {}

  /** {@code reason} if it fits in {@link #MAX_BYTES}, else its longest prefix that does. */
  public static String fit(String reason) {
    if (reason == null) {
      return "";
    }
    // At most 3 bytes per UTF-16 char (a surrogate pair is 4 bytes for 2 chars): short text fits.
    if (reason.length() * 3 <= MAX_BYTES
        || reason.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
      return reason;
    }
    int bytes = 0;
    int end = 0;
    while (end < reason.length()) {
      int codePoint = reason.codePointAt(end);
      int size = utf8Length(codePoint);
      if (bytes + size > MAX_BYTES) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return reason.substring(0, end);
  }

  private static int utf8Length(int codePoint) {
    if (codePoint < 0x80) {
      return 1;
    }
    if (codePoint < 0x800) {
      return 2;
    }
    // A lone surrogate is encoded as one replacement byte '?' by String.getBytes, but the hub
    // never sends one; counting it as 3 keeps the cut on the safe side.
    return codePoint < 0x10000 ? 3 : 4;
  }
}
