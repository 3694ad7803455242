package io.switchboard.hub.fanout;

/**
 * WebSocket data frames as a server sends them (RFC 6455, section 5.2: unmasked, no extensions),
 * header and payload in one array, so that a frame encoded once can be written as it is to every
 * connection that gets it. A payload over {@link #MAX_FRAME_PAYLOAD} bytes is cut into a first
 * frame and continuation frames, as Vert.x does, so clients with a per-frame limit of 64 KiB read
 * it.
 */
final class WholeFrames {

  /** Payload bytes per frame at most: the default frame limit of Vert.x's and Netty's clients. */
  static final int MAX_FRAME_PAYLOAD = 65_536;

  private static final int FIN = 0x80;
  private static final int TEXT = 0x1;
  private static final int BINARY = 0x2;
  private static final int CONTINUATION = 0x0;

  private WholeFrames() {}

  /** The frames of one message whose payload is {@code payload}. */
  static byte[] message(boolean text, byte[] payload) {
    int length = payload.length;
    int frames = Math.max(1, (length + MAX_FRAME_PAYLOAD - 1) / MAX_FRAME_PAYLOAD);
    int size = length;
    for (int i = 0; i < frames; i++) {
      size += headerLength(Math.min(MAX_FRAME_PAYLOAD, length - i * MAX_FRAME_PAYLOAD));
    }
    byte[] out = new byte[size];
    int at = 0;
    for (int i = 0; i < frames; i++) {
      int part = Math.min(MAX_FRAME_PAYLOAD, length - i * MAX_FRAME_PAYLOAD);
      int opcode = i > 0 ? CONTINUATION : text ? TEXT : BINARY;
      at = header(out, at, i == frames - 1, opcode, part);
      System.arraycopy(payload, i * MAX_FRAME_PAYLOAD, out, at, part);
      at += part;
    }
    return out;
  }

  /** Header bytes of a frame of {@code length} payload bytes: 2, 4 or 10. */
  private static int headerLength(int length) {
    return length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
  }

  private static int header(byte[] out, int at, boolean last, int opcode, int length) {
    out[at++] = (byte) ((last ? FIN : 0) | opcode);
    if (length <= 125) {
      out[at++] = (byte) length;
    } else if (length <= 0xFFFF) {
      out[at++] = 126;
      out[at++] = (byte) (length >>> 8);
      out[at++] = (byte) length;
    } else {
      out[at++] = 127;
      for (int shift = 56; shift >= 0; shift -= 8) {
        out[at++] = (byte) ((long) length >>> shift);
      }
    }
    return at;
  }
}
