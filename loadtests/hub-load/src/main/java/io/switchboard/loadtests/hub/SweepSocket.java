package io.switchboard.loadtests.hub;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A sweep subscriber's WebSocket on a plain socket channel. The upgrade, and whatever a server
 * wants before it sends publications (Switchboard's connect and subscribe), happen in blocking mode
 * on a connecting thread; then a {@link SocketReader} owns the socket and reads it without
 * blocking. Frames are parsed in place out of one reusable buffer per socket: a read that carries
 * many frames costs one system call and no objects, which is what keeps the client far cheaper than
 * the servers it measures.
 */
final class SweepSocket {

  /** Receives the payload of one text or binary message, {@code [start, end)} of {@code data}. */
  interface FrameSink {
    void frame(SweepSocket socket, byte[] data, int start, int end) throws IOException;
  }

  private static final byte[] HEADERS_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int OP_CONTINUATION = 0;
  private static final int OP_TEXT = 1;
  private static final int OP_BINARY = 2;
  private static final int OP_CLOSE = 8;
  private static final int OP_PING = 9;
  private static final int MAX_FRAME = 1 << 20;

  private final SocketChannel channel;
  private ByteBuffer in = ByteBuffer.allocate(8192);
  private FrameSink sink = (socket, data, start, end) -> {};
  private ByteArrayOutputStream fragments;
  private boolean closing;

  private SweepSocket(SocketChannel channel) {
    this.channel = channel;
  }

  /** Connects and upgrades, blocking; fails unless the server answers 101. */
  static SweepSocket open(String host, int port, String uri) throws IOException {
    SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port));
    SweepSocket socket = new SweepSocket(channel);
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      socket.upgrade(host, port, uri);
      return socket;
    } catch (IOException | RuntimeException failure) {
      socket.close();
      throw failure;
    }
  }

  SocketChannel channel() {
    return channel;
  }

  void sink(FrameSink sink) {
    this.sink = sink;
  }

  /** Sends one text frame (masked, as a client must; the mask is zero, so the bytes stay). */
  void sendText(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    send(OP_TEXT, payload, 0, payload.length);
  }

  /**
   * Reads what the socket holds (in blocking mode, waits for something) and hands every complete
   * frame to the sink; answers pings; false once the server closed the connection.
   */
  boolean read() throws IOException {
    while (true) {
      if (!in.hasRemaining()) {
        in = grow(in, in.capacity() * 2);
      }
      int space = in.remaining();
      int count = channel.read(in);
      if (count < 0) {
        return false;
      }
      if (!frames()) {
        return false;
      }
      // A read that did not fill the buffer took everything there was; in blocking mode the
      // caller looks at what came before waiting for more.
      if (count < space || channel.isBlocking()) {
        return true;
      }
    }
  }

  /**
   * Hands the sink the frames already read but not yet handed out (those that came in the same read
   * as the upgrade's answer); false if one of them closed the connection.
   */
  boolean handBuffered() throws IOException {
    return frames();
  }

  void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing what is already gone
    }
  }

  private void upgrade(String host, int port, String uri) throws IOException {
    String request =
        "GET "
            + uri
            + " HTTP/1.1\r\nHost: "
            + host
            + ":"
            + port
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n";
    writeFully(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    while (true) {
      int end = Bytes.indexOf(in.array(), 0, in.position(), HEADERS_END);
      if (end >= 0) {
        String head = new String(in.array(), 0, end, StandardCharsets.US_ASCII);
        if (!head.startsWith("HTTP/1.1 101")) {
          throw new IOException("upgrade refused: " + head);
        }
        shift(end + HEADERS_END.length);
        return;
      }
      if (!in.hasRemaining()) {
        in = grow(in, in.capacity() * 2);
      }
      if (channel.read(in) < 0) {
        throw new EOFException("closed during the upgrade");
      }
    }
  }

  /** Hands complete frames to the sink, keeps a partial one; false when the server closes. */
  private boolean frames() throws IOException {
    byte[] data = in.array();
    int length = in.position();
    int position = 0;
    while (position + 2 <= length) {
      int first = data[position] & 0xff;
      int second = data[position + 1] & 0x7f; // frames from a server are not masked
      int header = 2;
      long size = second;
      if (second == 126) {
        header = 4;
        if (position + header > length) {
          break;
        }
        size = (data[position + 2] & 0xff) << 8 | data[position + 3] & 0xff;
      } else if (second == 127) {
        header = 10;
        if (position + header > length) {
          break;
        }
        size = ByteBuffer.wrap(data, position + 2, 8).getLong();
      }
      if (size > MAX_FRAME) {
        throw new IOException("frame of " + size + " bytes");
      }
      if (position + header + size > length) {
        if (header + size > in.capacity()) {
          in = grow(in, (int) (header + size));
        }
        break;
      }
      int start = position + header;
      int end = (int) (start + size);
      int opcode = first & 0x0f;
      boolean fin = (first & 0x80) != 0;
      if ((opcode == OP_TEXT || opcode == OP_BINARY) && fin) {
        sink.frame(this, data, start, end);
      } else if (opcode == OP_TEXT || opcode == OP_BINARY || opcode == OP_CONTINUATION) {
        // A message sent in fragments reaches the sink once, whole (rare: big messages only).
        if (fragments == null) {
          fragments = new ByteArrayOutputStream();
        }
        fragments.write(data, start, end - start);
        if (fin) {
          byte[] message = fragments.toByteArray();
          fragments = null;
          sink.frame(this, message, 0, message.length);
        }
      } else if (opcode == OP_PING) {
        send(0x0a, data, start, end - start);
      } else if (opcode == OP_CLOSE) {
        closing = true;
        return false;
      }
      position = end;
    }
    shift(position);
    return !closing;
  }

  /** Drops the first {@code count} bytes read, keeping the rest at the start of the buffer. */
  private void shift(int count) {
    ByteBuffer buffer = in;
    int rest = buffer.position() - count;
    System.arraycopy(buffer.array(), count, buffer.array(), 0, rest);
    buffer.position(rest);
  }

  private void send(int opcode, byte[] payload, int offset, int length) throws IOException {
    ByteBuffer frame = ByteBuffer.allocate(length + 8);
    frame.put((byte) (0x80 | opcode));
    if (length < 126) {
      frame.put((byte) (0x80 | length));
    } else {
      frame.put((byte) (0x80 | 126)).putShort((short) length);
    }
    frame.putInt(0).put(payload, offset, length).flip();
    writeFully(frame);
  }

  /** Small frames on a socket that is not behind; a non-blocking write that stalls just retries. */
  private void writeFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private static ByteBuffer grow(ByteBuffer buffer, int capacity) {
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(capacity, buffer.capacity()));
    bigger.put(buffer.array(), 0, buffer.position());
    return bigger;
  }
}
