package io.switchboard.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.hub.fanout.ChannelBus;
import io.switchboard.protos.hub.v1.Delivery;
import io.switchboard.protos.hub.v1.Publication;
import io.switchboard.protos.hub.v1.Push;
import io.switchboard.server.chat.SdkClient.Sub;
import io.switchboard.server.chat.WireSocket.Frame;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@DisplayName(
    "How the hub closes a chat WebSocket: a valid Close frame, counted once, nothing after")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClosingTest {

  /** Control frames carry at most 125 bytes of payload (RFC 6455, section 5.5). */
  private static final int MAX_CONTROL_PAYLOAD = 125;

  private static final int WRITE_QUEUE_BYTES = 4096;

  /** Small, so a client that stops reading backs up into the hub's write queue at once. */
  private static final int RECEIVE_BUFFER = 4096;

  /** Long enough that a client's own Close comes well before the hub would call it slow. */
  private static final long SLOW_CONSUMER_MS = 1000;

  /** Publications that back up far past the kernel's socket buffers of a client not reading. */
  private static final int BACKLOG = 400;

  private static final String FILLER = "y".repeat(16_000);

  @TempDir static Path dir;

  private ChatFixture hub;
  private int port;

  @BeforeAll
  void start() throws Exception {
    hub =
        ChatFixture.single(
            dir,
            Map.of(
                "switchboard.hub.write-queue-bytes", Integer.toString(WRITE_QUEUE_BYTES),
                "switchboard.hub.slow-consumer-ms", Long.toString(SLOW_CONSUMER_MS)));
    port = hub.node(0).httpPort();
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  /** A socket connected as {@code token} and subscribed to {@code channel}. */
  private WireSocket subscribed(String token, String channel, int receiveBuffer) throws Exception {
    WireSocket wire = WireSocket.open(port, null, receiveBuffer);
    wire.send(
        WireSocket.text(
            new JsonObject()
                .put("id", 1)
                .put("connect", new JsonObject().put("token", token))
                .encode()),
        WireSocket.text(
            new JsonObject()
                .put("id", 2)
                .put("subscribe", new JsonObject().put("channel", channel))
                .encode()));
    int answered = 0;
    while (answered < 2) {
      Frame frame = wire.nextReply();
      assertThat(frame).isNotNull();
      assertThat(frame.isData()).as("a reply, not a close %s", frame.closeCode()).isTrue();
      answered += frame.text().split("\n").length;
    }
    return wire;
  }

  /** Publishes {@code count} large publications into the channel as the hub's fan-out would. */
  private void flood(ChatFixture.Tenant t, int from, int count) {
    for (int n = from; n < from + count; n++) {
      Delivery delivery =
          Delivery.newBuilder()
              .setTenant(t.id())
              .setChannel(t.channel())
              .setPush(
                  Push.newBuilder()
                      .setChannel(t.channel())
                      .setPub(
                          Publication.newBuilder()
                              .setData(
                                  com.google.protobuf.ByteString.copyFromUtf8(
                                      new JsonObject().put("n", n).put("fill", FILLER).encode()))))
              .build();
      new ChannelBus(hub.node(0).vertx().eventBus()).send(delivery);
    }
  }

  /** How many closes with {@code code} the node counted. */
  private double closesCounted(int code) throws Exception {
    Matcher counter =
        Pattern.compile(
                "^hub_disconnects_total\\{[^}]*code=\"" + code + "\"[^}]*\\} (\\S+)$",
                Pattern.MULTILINE)
            .matcher(hub.metrics(0));
    return counter.find() ? Double.parseDouble(counter.group(1)) : 0;
  }

  /** Frames up to and including the first Close; fails if the hub ends the stream before one. */
  private static List<Frame> untilClose(WireSocket wire) throws Exception {
    java.util.ArrayList<Frame> frames = new java.util.ArrayList<>();
    for (Frame frame = wire.next(); frame != null; frame = wire.next()) {
      frames.add(frame);
      if (frame.isClose()) {
        return frames;
      }
    }
    throw new AssertionError("the stream ended without a Close frame");
  }

  @Test
  @DisplayName(
      "a garbage binary frame whose error names wide characters closes with 3501 in a valid Close"
          + " frame, its reason cut to 123 bytes on a character boundary")
  void closeReasonFitsAControlFrame() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (WireSocket wire = subscribed(t.agent(), t.channel(), 0)) {
      // Read as JSON: a token of 'ÿ' and 14 'é', which the error names, two bytes each in UTF-8.
      byte[] wide = "é".repeat(14).getBytes(StandardCharsets.UTF_8);
      byte[] garbage = new byte[1 + wide.length];
      garbage[0] = (byte) 0xff;
      System.arraycopy(wide, 0, garbage, 1, wide.length);
      wire.send(WireSocket.frame(WireSocket.BINARY, garbage));
      List<Frame> frames = untilClose(wire);
      Frame close = frames.get(frames.size() - 1);
      assertThat(close.payload().length).isLessThanOrEqualTo(MAX_CONTROL_PAYLOAD);
      assertThat(close.closeCode()).isEqualTo(3501);
      assertThat(close.closeReason()).startsWith("invalid JSON").contains("token 'ÿéé");
      byte[] reason = Arrays.copyOfRange(close.payload(), 2, close.payload().length);
      // A strict decoder throws on a character cut in the middle.
      String whole =
          StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(reason)).toString();
      assertThat(whole).isEqualTo(close.closeReason());
    }
  }

  @Test
  @DisplayName(
      "a client that stops reading is closed with 3008, counted once, and gets nothing after the"
          + " Close frame while a fast one gets everything")
  void slowConsumerGetsNothingAfterClose() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    double before = closesCounted(3008);
    try (SdkClient fast = SdkClient.connect(hub.wsUrl(0), t.agent());
        WireSocket slow = subscribed(t.customer(), t.channel(), RECEIVE_BUFFER)) {
      Sub fastSub = fast.subscribe(t.channel());
      int first = BACKLOG;
      flood(t, 1, first);
      for (int n = 1; n <= first; n++) {
        assertThat(fastSub.next().getInteger("n")).isEqualTo(n);
      }
      awaitCount(3008, before + 1);
      // The hub has decided: what is published now must not reach the slow client at all.
      int more = 100;
      flood(t, first + 1, more);
      for (int n = first + 1; n <= first + more; n++) {
        assertThat(fastSub.next().getInteger("n")).isEqualTo(n);
      }
      List<Frame> frames = untilClose(slow);
      assertThat(frames.get(frames.size() - 1).closeCode()).isEqualTo(3008);
      List<Frame> after = slow.readToEnd();
      assertThat(after).as("frames after the Close frame").isEmpty();
      assertThat(frames.stream().filter(Frame::isData).map(Frame::text))
          .noneMatch(text -> text.contains("\"n\":" + (first + 1) + ","));
      assertThat(closesCounted(3008)).isEqualTo(before + 1);
    }
  }

  /** Waits for the node to count {@code expected} closes with {@code code}, within the timeout. */
  private void awaitCount(int code, double expected) throws Exception {
    long deadline = System.nanoTime() + ChatFixture.TIMEOUT_SECONDS * 1_000_000_000L;
    while (closesCounted(code) < expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no close with " + code + " counted in time");
      }
      Thread.sleep(20);
    }
  }

  @Test
  @DisplayName(
      "pushes to a client whose Close is still on its way in are dropped without a warning")
  void pushesRacingTheClientsCloseAreQuiet() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    Logger fanout = (Logger) LoggerFactory.getLogger("io.switchboard.hub.fanout");
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    fanout.addAppender(warnings);
    try (WireSocket client = subscribed(t.customer(), t.channel(), RECEIVE_BUFFER)) {
      // The client stops reading and says goodbye: the hub takes the Close at once, but its answer
      // waits behind what the client does not read, so the socket stays half closed.
      flood(t, 1, BACKLOG);
      client.send(WireSocket.frame(WireSocket.CLOSE, new byte[] {0x03, (byte) 0xe8}));
      try (SdkClient witness = SdkClient.connect(hub.wsUrl(0), t.agent())) {
        Sub seen = witness.subscribe(t.channel());
        flood(t, BACKLOG + 1, 20);
        for (int n = BACKLOG + 1; n <= BACKLOG + 20; n++) {
          assertThat(seen.next().getInteger("n")).isEqualTo(n);
        }
      }
      List<Frame> frames = untilClose(client);
      assertThat(frames.get(frames.size() - 1).closeCode()).isIn(1000, 3008);
    } finally {
      fanout.detachAppender(warnings);
    }
    assertThat(warnings.list)
        .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
        .isEmpty();
  }
}
