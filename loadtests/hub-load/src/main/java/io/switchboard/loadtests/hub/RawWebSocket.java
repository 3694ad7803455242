package io.switchboard.loadtests.hub;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client for subscribers that only count: the upgrade and the frame headers are read
 * straight off the TCP stream, so a read that carries many frames costs one buffer, not an object
 * per frame. What a full client does per frame (decoder, frame and message objects) made the load
 * client, not the server, the limit at 150,000 frames a second on one core.
 */
final class RawWebSocket {

  /** Receives the payload of one text or binary frame, {@code [start, end)} of {@code data}. */
  interface FrameSink {
    void frame(Buffer data, int start, int end);
  }

  private static final byte[] HEADERS_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int OP_TEXT = 1;
  private static final int OP_BINARY = 2;
  private static final int OP_CLOSE = 8;
  private static final int OP_PING = 9;

  private final NetSocket socket;
  private final FrameSink sink;
  private Buffer partial;
  private boolean upgraded;
  private Promise<RawWebSocket> opened;
  private Runnable onClose = () -> {};

  private RawWebSocket(NetSocket socket, FrameSink sink) {
    this.socket = socket;
    this.sink = sink;
  }

  /** Connects and upgrades; the future completes once the server answered 101. */
  static Future<RawWebSocket> open(
      NetClient client, String host, int port, String uri, FrameSink sink) {
    return client
        .connect(port, host)
        .compose(
            socket -> {
              RawWebSocket ws = new RawWebSocket(socket, sink);
              ws.opened = Promise.promise();
              socket.handler(ws::read);
              socket.closeHandler(v -> ws.closed());
              socket.write(
                  "GET "
                      + uri
                      + " HTTP/1.1\r\nHost: "
                      + host
                      + ":"
                      + port
                      + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      + "Sec-WebSocket-Version: 13\r\n\r\n");
              return ws.opened.future();
            });
  }

  /** Sends one text frame (masked, as a client must; the mask is zero, so the bytes stay). */
  void sendText(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    Buffer frame = Buffer.buffer(payload.length + 8).appendByte((byte) (0x80 | OP_TEXT));
    if (payload.length < 126) {
      frame.appendByte((byte) (0x80 | payload.length));
    } else {
      frame.appendByte((byte) (0x80 | 126)).appendShort((short) payload.length);
    }
    socket.write(frame.appendInt(0).appendBytes(payload));
  }

  void onClose(Runnable action) {
    onClose = action;
  }

  private void read(Buffer chunk) {
    Buffer data = partial == null ? chunk : partial.appendBuffer(chunk);
    partial = null;
    int position = 0;
    if (!upgraded) {
      int end = Fanout.indexOf(data, 0, data.length(), HEADERS_END);
      if (end < 0) {
        partial = data.copy();
        return;
      }
      String status = data.getString(0, Math.min(end, 12), "US-ASCII");
      if (!status.endsWith("101")) {
        opened.fail("upgrade refused: " + data.getString(0, end, "US-ASCII"));
        socket.close();
        return;
      }
      upgraded = true;
      opened.complete(this);
      position = end + HEADERS_END.length;
    }
    int length = data.length();
    while (position + 2 <= length) {
      int first = data.getByte(position) & 0xff;
      int second = data.getByte(position + 1) & 0x7f; // frames from a server are not masked
      int header = 2;
      long size = second;
      if (second == 126) {
        header = 4;
        if (position + header > length) {
          break;
        }
        size = data.getUnsignedShort(position + 2);
      } else if (second == 127) {
        header = 10;
        if (position + header > length) {
          break;
        }
        size = data.getLong(position + 2);
      }
      if (position + header + size > length) {
        break;
      }
      int start = position + header;
      int end = (int) (start + size);
      int opcode = first & 0x0f;
      if (opcode == OP_TEXT || opcode == OP_BINARY || opcode == 0) {
        sink.frame(data, start, end);
      } else if (opcode == OP_PING) {
        Buffer pong = Buffer.buffer().appendByte((byte) 0x8a).appendByte((byte) (0x80 | size));
        socket.write(pong.appendInt(0).appendBuffer(data.getBuffer(start, end)));
      } else if (opcode == OP_CLOSE) {
        socket.close();
        return;
      }
      position = end;
    }
    if (position < length) {
      partial = data.getBuffer(position, length);
    }
  }

  private void closed() {
    if (opened != null) {
      opened.tryFail("connection closed");
    }
    onClose.run();
  }
}
