package io.switchboard.server.chat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket spoken byte by byte over a plain TCP socket, to see the frames exactly as the hub
 * sends them (a WebSocket library would reject an invalid frame or hide what follows a Close) and
 * to put several frames in one TCP write. Blocking: for the test thread only.
 */
final class WireSocket implements AutoCloseable {

  static final int FIN = 0x80;
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;

  /** One frame as it came off the wire. */
  record Frame(int opcode, byte[] payload) {

    boolean isClose() {
      return opcode == CLOSE;
    }

    boolean isData() {
      return opcode == TEXT || opcode == BINARY || opcode == 0x0;
    }

    int closeCode() {
      return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }

    String closeReason() {
      return new String(payload, 2, Math.max(0, payload.length - 2), StandardCharsets.UTF_8);
    }

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private WireSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Opens {@code /ws} on {@code port}; {@code subprotocol} may be null, {@code receiveBuffer}
   * (bytes, 0 for the default) keeps the kernel from soaking up much when the test stops reading.
   */
  static WireSocket open(int port, String subprotocol, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(ChatFixture.TIMEOUT_SECONDS * 1000);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String request =
        "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(nonce)
            + "\r\n"
            + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
            + "\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    WireSocket wire = new WireSocket(socket);
    String head = wire.readHead();
    if (!head.startsWith("HTTP/1.1 101")) {
      socket.close();
      throw new IOException("no upgrade: " + head);
    }
    return wire;
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed during the handshake");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** A masked final frame, as a client must send it. */
  static byte[] frame(int opcode, byte[] payload) {
    return raw(FIN | opcode, true, payload);
  }

  /**
   * A frame whose first byte (FIN, RSV1-3, opcode) is {@code head} as given, masked or not: the way
   * to build frames a client must not send.
   */
  static byte[] raw(int head, boolean masked, byte[] payload) {
    ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
    frame.put((byte) head);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      frame.put((byte) (maskBit | payload.length));
    } else if (payload.length < 65_536) {
      frame.put((byte) (maskBit | 126)).putShort((short) payload.length);
    } else {
      frame.put((byte) (maskBit | 127)).putLong(payload.length);
    }
    byte[] mask = new byte[4];
    if (masked) {
      ThreadLocalRandom.current().nextBytes(mask);
      frame.put(mask);
    }
    for (int i = 0; i < payload.length; i++) {
      frame.put((byte) (payload[i] ^ mask[i % 4]));
    }
    byte[] bytes = new byte[frame.position()];
    frame.flip().get(bytes);
    return bytes;
  }

  static byte[] text(String text) {
    return frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code frames} in one TCP write, so the hub reads them together. */
  void send(byte[]... frames) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] frame : frames) {
      all.write(frame);
    }
    out.write(all.toByteArray());
    out.flush();
  }

  /** The next frame; fails when none comes within the timeout, null at the end of the stream. */
  Frame next() throws IOException {
    int first;
    try {
      first = in.read();
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no frame within " + ChatFixture.TIMEOUT_SECONDS + " s", e);
    } catch (IOException reset) {
      return null;
    }
    if (first < 0) {
      return null;
    }
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    if ((second & 0x80) != 0) {
      in.readFully(new byte[4]); // a server must not mask, but skip a mask if one came
    }
    byte[] payload = new byte[Math.toIntExact(length)];
    in.readFully(payload);
    return new Frame(first & 0x0f, payload);
  }

  /** The next frame that is not a server ping; null at the end of the stream. */
  Frame nextReply() throws IOException {
    while (true) {
      Frame frame = next();
      if (frame == null || !(frame.isData() && frame.text().equals("{}"))) {
        return frame;
      }
    }
  }

  /** Every frame until the hub ends the connection. */
  List<Frame> readToEnd() throws IOException {
    List<Frame> frames = new ArrayList<>();
    for (Frame frame = next(); frame != null; frame = next()) {
      frames.add(frame);
    }
    return frames;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
