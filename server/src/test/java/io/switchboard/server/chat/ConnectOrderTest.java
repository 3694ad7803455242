package io.switchboard.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.chat.WireSocket.Frame;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Commands a client sends behind its connect, before the reply, as the SDKs do")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectOrderTest {

  /** Commands per frame, and so commands that may wait for a connect reply. */
  private static final int MAX_COMMANDS = 3;

  @TempDir static Path dir;

  private ChatFixture hub;
  private int port;

  @BeforeAll
  void start() throws Exception {
    hub =
        ChatFixture.single(
            dir,
            Map.of(
                "switchboard.hub.max-commands-per-frame",
                Integer.toString(MAX_COMMANDS),
                "switchboard.hub.max-subscriptions",
                Integer.toString(MAX_COMMANDS - 1)));
    port = hub.node(0).httpPort();
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  private static String command(int id, String method, JsonObject params) {
    return new JsonObject().put("id", id).put(method, params).encode();
  }

  private static String connect(int id, String token) {
    return command(id, "connect", new JsonObject().put("token", token));
  }

  /** Replies in the order they came, read until {@code count} arrived or the socket closed. */
  private static List<JsonObject> replies(WireSocket wire, int count) throws Exception {
    List<JsonObject> replies = new ArrayList<>();
    while (replies.size() < count) {
      Frame frame = wire.nextReply();
      if (frame == null || frame.isClose()) {
        break;
      }
      for (String line : frame.text().split("\n")) {
        replies.add(new JsonObject(line));
      }
    }
    return replies;
  }

  /**
   * Replies to commands 1 to {@code count} by id, checking the connect (1) was answered first and
   * nothing failed; the others run in order but may finish in any order, as in any frame.
   */
  private static Map<Integer, JsonObject> answeredAfterConnect(WireSocket wire, int count)
      throws Exception {
    List<JsonObject> replies = replies(wire, count);
    assertThat(replies).extracting(reply -> reply.getInteger("id")).startsWith(1);
    assertThat(replies)
        .extracting(reply -> reply.getInteger("id"))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.rangeClosed(1, count).boxed().toList());
    assertThat(replies).noneMatch(reply -> reply.containsKey("error"));
    assertThat(replies.get(0).getJsonObject("connect").getString("client")).isNotBlank();
    Map<Integer, JsonObject> byId = new java.util.HashMap<>();
    replies.forEach(reply -> byId.put(reply.getInteger("id"), reply));
    return byId;
  }

  @Test
  @DisplayName(
      "a connect with a subscribe and a ping behind it in one frame is answered first, then the"
          + " commands behind it")
  void commandsInTheConnectFrameRunAfterIt() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (WireSocket wire = WireSocket.open(port, null, 0)) {
      wire.send(
          WireSocket.text(
              connect(1, t.customer())
                  + "\n"
                  + command(2, "subscribe", new JsonObject().put("channel", t.channel()))
                  + "\n"
                  + command(3, "ping", new JsonObject())));
      Map<Integer, JsonObject> replies = answeredAfterConnect(wire, 3);
      assertThat(replies.get(2).getJsonObject("subscribe").getBoolean("recoverable")).isTrue();
      assertThat(replies.get(2).getJsonObject("subscribe").getBoolean("positioned")).isTrue();
      assertThat(replies.get(3).containsKey("ping")).isTrue();
    }
  }

  @Test
  @DisplayName("commands in frames sent before the connect reply wait for it too")
  void commandsInLaterFramesWait() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (WireSocket wire = WireSocket.open(port, null, 0)) {
      wire.send(
          WireSocket.text(connect(1, t.agent())),
          WireSocket.text(command(2, "subscribe", new JsonObject().put("channel", t.channel()))),
          WireSocket.text(command(3, "ping", new JsonObject())));
      Map<Integer, JsonObject> replies = answeredAfterConnect(wire, 3);
      assertThat(replies.get(2).getJsonObject("subscribe").getBoolean("recoverable")).isTrue();
      assertThat(replies.get(2).getJsonObject("subscribe").getBoolean("positioned")).isTrue();
      assertThat(replies.get(3).containsKey("ping")).isTrue();
    }
  }

  @Test
  @DisplayName(
      "more than max-commands-per-frame commands waiting for the connect reply close with 3501")
  void tooManyWaitingClose3501() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String ping = command(9, "ping", new JsonObject());
    try (WireSocket wire = WireSocket.open(port, null, 0)) {
      // Sent in one write, the frames are read in one turn, before the connect can be answered.
      wire.send(
          WireSocket.text(connect(1, t.agent()) + "\n" + ping + "\n" + ping),
          WireSocket.text(ping + "\n" + ping));
      Frame close = wire.nextReply();
      assertThat(close.isClose()).as("a close, not %s", close).isTrue();
      assertThat(close.closeCode()).isEqualTo(3501);
      assertThat(close.closeReason()).contains("before the connect reply");
    }
    try (RawSocket bystander = RawSocket.connected(hub.clientVertx(), port, t.agent())) {
      assertThat(bystander.call(2, "ping", new JsonObject()).getMap()).containsKey("ping");
    }
  }

  @Test
  @DisplayName(
      "commands behind a refused connect never run: a bad token closes with 3500, an expired one"
          + " is answered 109 alone")
  void refusedConnectRunsNothing() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String subscribe = command(2, "subscribe", new JsonObject().put("channel", t.channel()));
    try (WireSocket wire = WireSocket.open(port, null, 0)) {
      wire.send(WireSocket.text(connect(1, "not-a-jwt") + "\n" + subscribe));
      Frame close = wire.nextReply();
      assertThat(close.isClose()).as("a close, not %s", close).isTrue();
      assertThat(close.closeCode()).isEqualTo(3500);
    }
    String expired = ChatLimitsTest.expiredToken(t.id(), "agent-1");
    try (WireSocket wire = WireSocket.open(port, null, 0)) {
      wire.send(WireSocket.text(connect(1, expired) + "\n" + subscribe));
      List<JsonObject> replies = replies(wire, 1);
      assertThat(replies.get(0).getJsonObject("error").getInteger("code")).isEqualTo(109);
      // Not connected: the next command closes with 3501, and no reply to 2 came before it.
      wire.send(WireSocket.text(command(3, "ping", new JsonObject())));
      Frame next = wire.nextReply();
      assertThat(next.isClose()).as("a close, not %s", next.isData() ? next.text() : next).isTrue();
      assertThat(next.closeCode()).isEqualTo(3501);
    }
  }
}
