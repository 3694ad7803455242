package io.switchboard.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.chat.WireSocket.Frame;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName(
    "A client that breaks the WebSocket protocol on /ws gets a Close frame with the RFC 6455 code,"
        + " and the node keeps serving others")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolViolationTest {

  private static final int PROTOCOL_ERROR = 1002;
  private static final int INVALID_PAYLOAD = 1007;
  private static final int MESSAGE_TOO_BIG = 1009;

  /** Control frames carry at most 125 bytes of payload (RFC 6455, section 5.5). */
  private static final int MAX_CONTROL_PAYLOAD = 125;

  private static final int RSV1 = 0x40;
  private static final int RESERVED_DATA_OPCODE = 0x3;
  private static final int RESERVED_CONTROL_OPCODE = 0xb;

  /** Bytes of "€" (E2 82 AC) cut after two, so a fragment boundary can split it. */
  private static final byte[] EURO_START = {(byte) 0xe2, (byte) 0x82};

  @TempDir static Path dir;

  private ChatFixture hub;
  private int port;

  @BeforeAll
  void start() throws Exception {
    hub = ChatFixture.single(dir, Map.of());
    port = hub.node(0).httpPort();
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  static Stream<Arguments> violations() {
    byte[] command = bytes("{\"id\":2,\"presence_stats\":{\"channel\":\"x\"}}");
    return Stream.of(
        Arguments.of(
            "a frame with RSV1 set though no extension was negotiated",
            PROTOCOL_ERROR,
            List.of(WireSocket.raw(WireSocket.FIN | RSV1 | WireSocket.TEXT, true, command))),
        Arguments.of(
            "a frame with a reserved data opcode",
            PROTOCOL_ERROR,
            List.of(WireSocket.raw(WireSocket.FIN | RESERVED_DATA_OPCODE, true, command))),
        Arguments.of(
            "a frame with a reserved control opcode",
            PROTOCOL_ERROR,
            List.of(WireSocket.raw(WireSocket.FIN | RESERVED_CONTROL_OPCODE, true, new byte[0]))),
        Arguments.of(
            "an unmasked client frame",
            PROTOCOL_ERROR,
            List.of(WireSocket.raw(WireSocket.FIN | WireSocket.TEXT, false, command))),
        Arguments.of(
            "a Close frame with a 1-byte payload",
            PROTOCOL_ERROR,
            List.of(WireSocket.frame(WireSocket.CLOSE, new byte[] {0x03}))),
        Arguments.of(
            "a Close frame with a code no endpoint may send (1005)",
            PROTOCOL_ERROR,
            List.of(WireSocket.frame(WireSocket.CLOSE, new byte[] {0x03, (byte) 0xed}))),
        Arguments.of(
            "a Close frame whose reason is invalid UTF-8",
            INVALID_PAYLOAD,
            List.of(
                WireSocket.frame(
                    WireSocket.CLOSE, new byte[] {0x03, (byte) 0xe8, (byte) 0xc3, 0x28}))),
        Arguments.of(
            "a ping of 126 bytes",
            PROTOCOL_ERROR,
            List.of(WireSocket.frame(WireSocket.PING, new byte[MAX_CONTROL_PAYLOAD + 1]))),
        Arguments.of(
            "a fragmented ping",
            PROTOCOL_ERROR,
            List.of(WireSocket.raw(WireSocket.PING, true, new byte[] {1}))),
        Arguments.of(
            "a continuation frame with no message to continue",
            PROTOCOL_ERROR,
            List.of(WireSocket.raw(WireSocket.FIN | WireSocket.CONTINUATION, true, command))),
        Arguments.of(
            "a new text frame while a fragmented message is still open",
            PROTOCOL_ERROR,
            List.of(
                WireSocket.raw(WireSocket.TEXT, true, bytes("{\"id\":2,")),
                WireSocket.frame(WireSocket.TEXT, command))),
        Arguments.of(
            "a frame announcing a payload far over the node's limit",
            MESSAGE_TOO_BIG,
            List.of(oversizedHeader())),
        Arguments.of(
            "a text frame of invalid UTF-8",
            INVALID_PAYLOAD,
            List.of(
                WireSocket.frame(
                    WireSocket.TEXT,
                    concat(
                        bytes("{\"id\":2,\"rpc\":{\"method\":\""),
                        new byte[] {(byte) 0xc3, 0x28},
                        bytes("\"}}"))))),
        Arguments.of(
            "a fragmented text message whose UTF-8 is invalid only across the fragments",
            INVALID_PAYLOAD,
            List.of(
                WireSocket.raw(
                    WireSocket.TEXT,
                    true,
                    concat(bytes("{\"id\":2,\"rpc\":{\"method\":\""), EURO_START)),
                WireSocket.raw(WireSocket.FIN | WireSocket.CONTINUATION, true, bytes("(\"}}")))));
  }

  @ParameterizedTest(name = "{0} closes with {1}")
  @MethodSource("violations")
  @DisplayName("a protocol violation after connect closes with a Close frame carrying its code")
  void violationClosesWithCode(String what, int code, List<byte[]> frames) throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (WireSocket wire = connected(t.agent())) {
      wire.send(frames.toArray(new byte[0][]));
      List<Frame> received = untilClose(wire);
      Frame close = received.get(received.size() - 1);
      assertThat(close.payload().length).isLessThanOrEqualTo(MAX_CONTROL_PAYLOAD);
      assertThat(close.closeCode())
          .as("close code for %s (%s)", what, close.closeReason())
          .isEqualTo(code);
      assertThat(received.stream().filter(Frame::isData).map(Frame::text))
          .as("replies to what followed the violation")
          .noneMatch(text -> text.contains("\"id\":2"));
      assertThat(wire.readToEnd()).as("frames after the Close frame").isEmpty();
    }
    try (WireSocket other = connected(t.customer())) {
      other.send(
          WireSocket.text(
              new JsonObject()
                  .put("id", 3)
                  .put("rpc", new JsonObject().put("method", "x"))
                  .encode()));
      Frame reply = other.nextReply();
      assertThat(reply).isNotNull();
      assertThat(reply.isData()).as("a reply, not a close %s", reply.closeCode()).isTrue();
      assertThat(reply.text()).contains("\"id\":3");
    }
  }

  /** A socket whose {@code connect} as {@code token} has been answered. */
  private WireSocket connected(String token) throws Exception {
    WireSocket wire = WireSocket.open(port, null, 0);
    wire.send(
        WireSocket.text(
            new JsonObject()
                .put("id", 1)
                .put("connect", new JsonObject().put("token", token))
                .encode()));
    Frame reply = wire.nextReply();
    assertThat(reply).isNotNull();
    assertThat(reply.isData()).as("a reply, not a close %s", reply.closeCode()).isTrue();
    assertThat(reply.text()).contains("\"id\":1");
    return wire;
  }

  /** Frames up to and including the first Close; fails if the node ends the stream before one. */
  private static List<Frame> untilClose(WireSocket wire) throws Exception {
    List<Frame> frames = new ArrayList<>();
    for (Frame frame = wire.next(); frame != null; frame = wire.next()) {
      frames.add(frame);
      if (frame.isClose()) {
        return frames;
      }
    }
    throw new AssertionError("the stream ended without a Close frame (the client sees 1006)");
  }

  /** The head of a masked text frame of 1 GiB: the node refuses it before any payload comes. */
  private static byte[] oversizedHeader() {
    return ByteBuffer.allocate(14)
        .put((byte) (WireSocket.FIN | WireSocket.TEXT))
        .put((byte) (0x80 | 127))
        .putLong(1L << 30)
        .putInt(0x01020304)
        .array();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer all = ByteBuffer.allocate(Stream.of(parts).mapToInt(part -> part.length).sum());
    Stream.of(parts).forEach(all::put);
    return all.array();
  }
}
