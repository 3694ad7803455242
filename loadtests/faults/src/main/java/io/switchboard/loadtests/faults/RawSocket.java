package io.switchboard.loadtests.faults;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A WebSocket on a plain blocking socket that writes whatever frame it is told to, valid or not,
 * and reads what the server answers up to its close frame, keeping the close code and the size of
 * the close frame's payload.
 */
final class RawSocket implements AutoCloseable {

  static final int TEXT = 1;
  static final int BINARY = 2;
  static final int CONTINUATION = 0;
  static final int CLOSE = 8;
  static final int PING = 9;
  static final int PONG = 10;

  /** The most a control frame may carry (RFC 6455, 5.5). */
  static final int MAX_CONTROL_PAYLOAD = 125;

  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final int ANSWERED_PATIENCE_MS = 3_000;
  private static final int MAX_READ_FRAME = 16 * 1024 * 1024;

  /** What the server did with the connection after the attack. */
  record Outcome(String what, int closePayloadBytes, boolean dataAfterClose) {}

  private final Socket socket = new Socket();
  private final Random random;
  private OutputStream out;
  private DataInputStream in;
  private int framesSent;

  RawSocket(Random random) {
    this.random = random;
  }

  /** Connects and upgrades; fails unless the server answers 101. */
  RawSocket open(int port) throws IOException {
    socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    out.write(
        ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    String head = readHead(in);
    if (!head.startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
    }
    return this;
  }

  int framesSent() {
    return framesSent;
  }

  void text(String text) throws IOException {
    frame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
  }

  /**
   * Writes one frame: FIN bit, RSV bits (0 to 7), opcode, payload, masked or not (clients must
   * mask).
   */
  void frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
    frameHeader(fin, rsv, opcode, payload.length, masked);
    byte[] mask = new byte[4];
    random.nextBytes(mask);
    if (masked) {
      out.write(mask);
      byte[] body = payload.clone();
      for (int i = 0; i < body.length; i++) {
        body[i] ^= mask[i & 3];
      }
      out.write(body);
    } else {
      out.write(payload);
    }
    out.flush();
  }

  /** Writes only a frame's header, declaring {@code length} payload bytes that never follow. */
  void frameHeader(boolean fin, int rsv, int opcode, long length, boolean masked)
      throws IOException {
    framesSent++;
    ByteBuffer header = ByteBuffer.allocate(14);
    header.put((byte) ((fin ? 0x80 : 0) | (rsv & 7) << 4 | opcode & 0x0f));
    int maskBit = masked ? 0x80 : 0;
    if (length < 126) {
      header.put((byte) (maskBit | length));
    } else if (length <= 0xffff) {
      header.put((byte) (maskBit | 126)).putShort((short) length);
    } else {
      header.put((byte) (maskBit | 127)).putLong(length);
    }
    out.write(header.array(), 0, header.position());
    if (masked && length == 0) {
      out.write(new byte[4]);
    }
  }

  /** Writes raw bytes as they are. */
  void raw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads until the first text or binary frame (a reply), at most {@code timeoutMs}. */
  void awaitReply(int timeoutMs) throws IOException {
    socket.setSoTimeout(timeoutMs);
    while (true) {
      int opcode = read().opcode;
      if (opcode == TEXT || opcode == BINARY) {
        return;
      }
      if (opcode == CLOSE) {
        throw new EOFException("closed before the reply");
      }
    }
  }

  /**
   * Reads until the server's close frame, the end of the stream or {@code timeoutMs}; after a close
   * frame it looks a moment longer for data the server should no longer send.
   */
  Outcome await(int timeoutMs) {
    int replies = 0;
    try {
      socket.setSoTimeout(timeoutMs);
      while (true) {
        Frame frame = read();
        if (frame.opcode == CLOSE) {
          String code =
              frame.payload.length >= 2
                  ? Integer.toString(ByteBuffer.wrap(frame.payload).getShort() & 0xffff)
                  : "(no code)";
          return new Outcome("close " + code, frame.payload.length, dataAfterClose());
        }
        if (frame.opcode == TEXT || frame.opcode == BINARY) {
          replies++;
          // A connection that answers is alive; a close, if one comes, comes soon after.
          socket.setSoTimeout(Math.min(timeoutMs, ANSWERED_PATIENCE_MS));
        }
      }
    } catch (SocketTimeoutException e) {
      return new Outcome(replies > 0 ? "answered, still open" : "no answer, still open", 0, false);
    } catch (EOFException e) {
      return new Outcome("TCP closed without a close frame", 0, false);
    } catch (IOException e) {
      return new Outcome("connection reset (" + e.getClass().getSimpleName() + ")", 0, false);
    }
  }

  private boolean dataAfterClose() {
    try {
      socket.setSoTimeout(1_000);
      Frame next = read();
      return next.opcode == TEXT || next.opcode == BINARY;
    } catch (IOException e) {
      return false;
    }
  }

  private record Frame(int opcode, byte[] payload) {}

  private Frame read() throws IOException {
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    if ((second & 0x80) != 0) {
      in.readInt(); // a mask from a server would be a protocol error; skip it
    }
    if (length > MAX_READ_FRAME) {
      throw new IOException("server frame of " + length + " bytes");
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame(first & 0x0f, payload);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("closed during the upgrade");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
