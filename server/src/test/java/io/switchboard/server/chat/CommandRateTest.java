package io.switchboard.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The default command budget of a connection: 50 commands a second, 300 at once. */
@DisplayName("Chat WebSocket command rate: a flooding client is refused and closed, others served")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandRateTest {

  private static final int BURST = 300;
  private static final int PER_FRAME = 100;
  private static final int MAX_SUBSCRIPTIONS = 256;
  private static final int TOO_MANY_REQUESTS = 111;

  @TempDir static Path dir;

  private ChatFixture hub;
  private Vertx vertx;
  private int port;

  @BeforeAll
  void start() throws Exception {
    hub = ChatFixture.single(dir, Map.of());
    vertx = hub.clientVertx();
    port = hub.node(0).httpPort();
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  /** {@code count} commands in one frame, with ids from {@code firstId}. */
  private static String frame(int firstId, int count, String method, JsonObject params) {
    StringJoiner lines = new StringJoiner("\n");
    for (int id = firstId; id < firstId + count; id++) {
      lines.add(new JsonObject().put("id", id).put(method, params).encode());
    }
    return lines.toString();
  }

  /** Replies carrying an id, until {@code count} came; fails if the socket closes first. */
  private static List<JsonObject> replies(RawSocket raw, int count) throws Exception {
    List<JsonObject> replies = new ArrayList<>();
    while (replies.size() < count) {
      JsonObject reply = raw.next();
      if (reply.containsKey("id")) {
        replies.add(reply);
      }
    }
    return replies;
  }

  private static long refused(List<JsonObject> replies) {
    return replies.stream()
        .filter(reply -> reply.containsKey("error"))
        .peek(
            reply ->
                assertThat(reply.getJsonObject("error").getInteger("code"))
                    .isEqualTo(TOO_MANY_REQUESTS))
        .count();
  }

  @Test
  @DisplayName(
      "a client flooding past its burst gets error 111, then is closed with 3013, while another"
          + " client on the node is answered normally")
  void floodRefusedThenClosed() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    JsonObject stats = new JsonObject().put("channel", t.channel());
    try (RawSocket bystander = RawSocket.connected(vertx, port, t.agent());
        RawSocket flooder = RawSocket.connected(vertx, port, t.customer())) {
      bystander.call(2, "subscribe", stats);
      flooder.call(2, "subscribe", stats);
      assertThat(
              bystander
                  .call(3, "presence_stats", stats)
                  .getJsonObject("presence_stats")
                  .getInteger("num_clients"))
          .isEqualTo(2);
      for (int i = 0; i < 8; i++) {
        flooder.sendText(frame(3 + i * PER_FRAME, PER_FRAME, "presence_stats", stats));
      }
      // Answered while the flood runs; the flooder may already have been closed and left.
      JsonObject served = bystander.call(4, "presence_stats", stats);
      assertThat(served.getJsonObject("presence_stats").getInteger("num_clients")).isBetween(1, 2);

      assertThat(flooder.closeCode()).isEqualTo(3013);
      List<JsonObject> replies = new ArrayList<>();
      flooder.replies.forEach(
          reply -> {
            if (reply.containsKey("id")) {
              replies.add(reply);
            }
          });
      // Replies of commands still running when the hub closed are dropped with the close.
      assertThat(replies)
          .allMatch(reply -> reply.containsKey("presence_stats") || reply.containsKey("error"));
      assertThat(refused(replies)).isBetween(1L, 100L);

      assertThat(bystander.call(5, "ping", new JsonObject()).getMap()).containsKey("ping");
    }
    assertThat(hub.metrics(0)).containsPattern("hub_disconnects_total\\{[^}]*code=\"3013\"");
  }

  @Test
  @DisplayName("a client sending within its burst and then below the rate never sees error 111")
  void withinTheLimitNeverRefused() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    JsonObject stats = new JsonObject().put("channel", t.channel());
    try (RawSocket client = RawSocket.connected(vertx, port, t.agent())) {
      client.call(2, "subscribe", stats);
      client.sendText(frame(3, PER_FRAME, "presence_stats", stats));
      client.sendText(frame(3 + PER_FRAME, PER_FRAME, "presence_stats", stats));
      // Then 40 commands a second, below the 50 that come back, for three seconds: 120 more,
      // past the burst in all.
      AtomicInteger nextId = new AtomicInteger(3 + 2 * PER_FRAME);
      AtomicInteger frames = new AtomicInteger();
      vertx.setPeriodic(
          500,
          timer -> {
            client.sendText(frame(nextId.getAndAdd(20), 20, "presence_stats", stats));
            if (frames.incrementAndGet() == 6) {
              vertx.cancelTimer(timer);
            }
          });
      List<JsonObject> replies = replies(client, 2 * PER_FRAME + 120);
      assertThat(refused(replies)).isZero();
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  @DisplayName(
      "an SDK reconnecting with connect and its 256 subscribes (the most it may hold) in one frame,"
          + " then paging history with the rest of its burst, is answered in full")
  void reconnectWithManySubscriptions() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    List<String> conversations = hub.conversations(t, MAX_SUBSCRIPTIONS);
    StringJoiner connectFrame = new StringJoiner("\n");
    connectFrame.add(
        new JsonObject()
            .put("id", 1)
            .put("connect", new JsonObject().put("token", t.agent()))
            .encode());
    for (int i = 0; i < conversations.size(); i++) {
      connectFrame.add(
          new JsonObject()
              .put("id", 2 + i)
              .put(
                  "subscribe",
                  new JsonObject().put("channel", "conversation:" + conversations.get(i)))
              .encode());
    }
    JsonObject page = new JsonObject().put("channel", t.channel()).put("limit", 20);
    try (RawSocket client = RawSocket.open(vertx, port)) {
      client.sendText(connectFrame.toString());
      List<JsonObject> replies = replies(client, 1 + MAX_SUBSCRIPTIONS);
      int pages = BURST - 1 - MAX_SUBSCRIPTIONS;
      client.sendText(frame(2 + MAX_SUBSCRIPTIONS, pages, "history", page));
      replies.addAll(replies(client, pages));
      assertThat(replies).noneMatch(reply -> reply.containsKey("error"));
      assertThat(replies.get(0).containsKey("connect")).isTrue();
      assertThat(replies)
          .filteredOn(reply -> reply.containsKey("subscribe"))
          .hasSize(MAX_SUBSCRIPTIONS);
      assertThat(replies).filteredOn(reply -> reply.containsKey("history")).hasSize(pages);
    }
  }
}
