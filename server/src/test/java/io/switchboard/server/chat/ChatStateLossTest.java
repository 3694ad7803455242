package io.switchboard.server.chat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.redis.HubKeys;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestServices;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Chat after the hub's Redis state is lost: positions, live delivery and recovery")
class ChatStateLossTest {

  /** How long a test retries a command whose first attempt met a Redis that just restarted. */
  private static final Duration RETRY_WITHIN = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  @DisplayName(
      "after a node restart with the same PostgreSQL and an empty Redis, subscribers get the stored"
          + " position under the same epoch, a behind client is recovered from PostgreSQL, and the"
          + " next message arrives live")
  void nodeRestartWithEmptyRedis() throws Exception {
    try (RedisProcess redis = RedisProcess.start(dir)) {
      Map<String, String> settings = Map.of("switchboard.redis.url", redis.url());
      ChatFixture.Tenant t;
      String epoch;
      try (ChatFixture first = ChatFixture.single(dir.resolve("first"), settings)) {
        t = first.tenant();
        try (RawSocket sender = connected(first, t.agent());
            RawSocket agent = connected(first, t.agent())) {
          epoch = subscribe(agent, t.channel()).getString("epoch");
          for (int i = 1; i <= 3; i++) {
            send(sender, t.channel(), "m" + i);
          }
          assertThat(publication(agent).getLong("offset")).isEqualTo(1L);
        }
      }
      redis.restartEmpty();

      try (ChatFixture second = ChatFixture.single(dir.resolve("second"), settings);
          RawSocket sender = connected(second, t.agent());
          RawSocket agent = connected(second, t.agent());
          RawSocket customer = connected(second, t.customer())) {
        JsonObject subscribed = subscribe(agent, t.channel());
        assertThat(subscribed.getLong("offset")).isEqualTo(3L);
        assertThat(subscribed.getString("epoch")).isEqualTo(epoch);

        JsonObject recovered = recover(customer, t.channel(), epoch, 1);
        assertThat(recovered.getBoolean("recovered", false)).isTrue();
        assertThat(offsets(recovered)).containsExactly(2L, 3L);
        assertThat(recovered.getLong("offset")).isEqualTo(3L);

        send(sender, t.channel(), "m4");
        assertThat(publication(agent).getLong("offset")).isEqualTo(4L);
        assertThat(publication(customer).getLong("offset")).isEqualTo(4L);
        assertThat(agent.isClosed()).isFalse();
        assertThat(customer.isClosed()).isFalse();
      }
    }
  }

  @Test
  @DisplayName(
      "when Redis restarts empty under a running node, a conversation's subscribers get the next"
          + " message live and recover from PostgreSQL; a user channel starts over under a new epoch"
          + " and its subscriber is told with 3010 and recovered: false")
  void redisRestartUnderRunningNode() throws Exception {
    try (RedisProcess redis = RedisProcess.start(dir);
        ChatFixture hub =
            ChatFixture.single(dir.resolve("node"), Map.of("switchboard.redis.url", redis.url()))) {
      // Closed with the fixture's Vert.x.
      WebClient web = WebClient.create(hub.clientVertx());
      ChatFixture.Tenant t = hub.tenant();
      String service = TestTokens.mint(t.id(), "integration-1", Role.SERVICE);
      try (RawSocket sender = connected(hub, t.agent());
          RawSocket agent = connected(hub, t.agent());
          RawSocket personal = connected(hub, t.agent())) {
        String epoch = subscribe(agent, t.channel()).getString("epoch");
        send(sender, t.channel(), "m1");
        send(sender, t.channel(), "m2");
        assertThat(publication(agent).getLong("offset")).isEqualTo(1L);
        assertThat(publication(agent).getLong("offset")).isEqualTo(2L);
        JsonObject userTop = subscribe(personal, "user:agent-1");
        JsonObject published = apiPublish(web, hub, service, "user:agent-1");
        assertThat(published.getLong("offset")).isEqualTo(userTop.getLong("offset", 0L) + 1);
        assertThat(publication(personal).getLong("offset")).isEqualTo(published.getLong("offset"));

        redis.restartEmpty();

        send(sender, t.channel(), "m3");
        assertThat(publication(agent).getLong("offset")).isEqualTo(3L);
        assertThat(agent.isClosed()).isFalse();
        try (RawSocket customer = connected(hub, t.customer())) {
          JsonObject recovered = recover(customer, t.channel(), epoch, 1);
          assertThat(recovered.getBoolean("recovered", false)).isTrue();
          assertThat(recovered.getString("epoch")).isEqualTo(epoch);
          assertThat(offsets(recovered)).containsExactly(2L, 3L);
        }

        JsonObject restarted = apiPublish(web, hub, service, "user:agent-1");
        assertThat(restarted.getLong("offset")).isEqualTo(1L);
        assertThat(restarted.getString("epoch")).isNotEqualTo(published.getString("epoch"));
        assertThat(personal.closeCode()).isEqualTo(3010);
        try (RawSocket again = connected(hub, t.agent())) {
          JsonObject recovered =
              recover(
                  again, "user:agent-1", published.getString("epoch"), published.getLong("offset"));
          assertThat(recovered.getBoolean("was_recovering", false)).isTrue();
          assertThat(recovered.getBoolean("recovered", false)).isFalse();
          assertThat(recovered.getString("epoch")).isEqualTo(restarted.getString("epoch"));
          assertThat(recovered.getLong("offset")).isEqualTo(1L);
        }
      }
    }
  }

  @Test
  @DisplayName(
      "when a conversation's window keys are deleted (as their expiry does), new subscribers get"
          + " the stored position, a behind client is recovered from PostgreSQL, the next message"
          + " arrives live, and history since another epoch is error 112")
  void windowKeysDeleted() throws Exception {
    try (ChatFixture hub = ChatFixture.single(dir.resolve("node"), Map.of())) {
      ChatFixture.Tenant t = hub.tenant();
      try (RawSocket sender = connected(hub, t.agent());
          RawSocket agent = connected(hub, t.agent())) {
        String epoch = subscribe(agent, t.channel()).getString("epoch");
        send(sender, t.channel(), "m1");
        send(sender, t.channel(), "m2");
        assertThat(publication(agent).getLong("offset")).isEqualTo(1L);
        assertThat(publication(agent).getLong("offset")).isEqualTo(2L);

        Redis redis = Redis.createClient(hub.clientVertx(), TestServices.redisUrl());
        try {
          redis
              .send(
                  Request.cmd(Command.DEL)
                      .arg(HubKeys.key(t.id(), "history", t.channel(), "entries"))
                      .arg(HubKeys.key(t.id(), "history", t.channel(), "meta")))
              .await(ChatFixture.TIMEOUT_SECONDS, SECONDS);
        } finally {
          redis.close();
        }

        try (RawSocket late = connected(hub, t.agent());
            RawSocket customer = connected(hub, t.customer())) {
          JsonObject subscribed = subscribe(late, t.channel());
          assertThat(subscribed.getLong("offset")).isEqualTo(2L);
          assertThat(subscribed.getString("epoch")).isEqualTo(epoch);
          JsonObject recovered = recover(customer, t.channel(), epoch, 0);
          assertThat(recovered.getBoolean("recovered", false)).isTrue();
          assertThat(offsets(recovered)).containsExactly(1L, 2L);

          send(sender, t.channel(), "m3");
          assertThat(publication(agent).getLong("offset")).isEqualTo(3L);
          assertThat(publication(late).getLong("offset")).isEqualTo(3L);
          assertThat(publication(customer).getLong("offset")).isEqualTo(3L);
          assertThat(late.isClosed()).isFalse();
          assertThat(customer.isClosed()).isFalse();

          JsonObject history =
              reply(
                  late,
                  40,
                  "history",
                  new JsonObject()
                      .put("channel", t.channel())
                      .put("limit", 10)
                      .put(
                          "since", new JsonObject().put("offset", 1).put("epoch", "0ther0ep0ch0")));
          assertThat(history.getJsonObject("error").getInteger("code")).isEqualTo(112);
          JsonObject page =
              reply(
                      late,
                      41,
                      "history",
                      new JsonObject()
                          .put("channel", t.channel())
                          .put("limit", 10)
                          .put("since", new JsonObject().put("offset", 1).put("epoch", epoch)))
                  .getJsonObject("history");
          assertThat(offsets(page)).containsExactly(2L, 3L);
          assertThat(page.getString("epoch")).isEqualTo(epoch);
        }
      }
    }
  }

  private static RawSocket connected(ChatFixture hub, String token) throws Exception {
    return RawSocket.connected(hub.clientVertx(), hub.node(0).httpPort(), token);
  }

  /** Subscribes without recovery; the subscribe result. */
  private static JsonObject subscribe(RawSocket socket, String channel) throws Exception {
    JsonObject reply = reply(socket, 2, "subscribe", new JsonObject().put("channel", channel));
    assertThat(reply.containsKey("subscribe")).as(reply.encode()).isTrue();
    return reply.getJsonObject("subscribe");
  }

  /** Subscribes asking to recover from {@code offset} of {@code epoch}; the subscribe result. */
  private static JsonObject recover(RawSocket socket, String channel, String epoch, long offset)
      throws Exception {
    JsonObject reply =
        reply(
            socket,
            3,
            "subscribe",
            new JsonObject()
                .put("channel", channel)
                .put("recover", true)
                .put("epoch", epoch)
                .put("offset", offset));
    assertThat(reply.containsKey("subscribe")).as(reply.encode()).isTrue();
    return reply.getJsonObject("subscribe");
  }

  /**
   * Stores a message through {@code sender}'s {@code send} rpc, again while the hub answers 100
   * (Redis was just restarted); the client message id makes the retry safe.
   */
  private static void send(RawSocket sender, String channel, String body) throws Exception {
    JsonObject data =
        new JsonObject().put("channel", channel).put("body", body).put("client_message_id", body);
    JsonObject rpc = new JsonObject().put("method", "send").put("data", data);
    long deadline = System.nanoTime() + RETRY_WITHIN.toNanos();
    while (true) {
      JsonObject reply = reply(sender, 10, "rpc", rpc);
      if (reply.containsKey("rpc")) {
        return;
      }
      if (reply.getJsonObject("error").getInteger("code") != 100 || System.nanoTime() > deadline) {
        throw new AssertionError("send refused: " + reply.encode());
      }
    }
  }

  /** Publishes through the server API, again while it answers 503 (Redis was just restarted). */
  private static JsonObject apiPublish(WebClient web, ChatFixture hub, String token, String channel)
      throws Exception {
    long deadline = System.nanoTime() + RETRY_WITHIN.toNanos();
    while (true) {
      HttpResponse<Buffer> response =
          web.post(hub.node(0).httpPort(), "127.0.0.1", "/api/v1/hub/publish")
              .bearerTokenAuthentication(token)
              .sendJsonObject(
                  new JsonObject()
                      .put("channel", channel)
                      .put("data", new JsonObject().put("type", "notice")))
              .await(ChatFixture.TIMEOUT_SECONDS, SECONDS);
      if (response.statusCode() == 200) {
        return response.bodyAsJsonObject();
      }
      if (response.statusCode() != 503 || System.nanoTime() > deadline) {
        throw new AssertionError(response.statusCode() + " " + response.bodyAsString());
      }
    }
  }

  /** Sends a command and waits for the reply with its id, skipping pushes and pings. */
  private static JsonObject reply(RawSocket socket, int id, String method, JsonObject params)
      throws Exception {
    socket.send(new JsonObject().put("id", id).put(method, params));
    return next(socket, reply -> reply.getInteger("id", 0) == id);
  }

  /** The next publication pushed to {@code socket}, skipping join and leave. */
  private static JsonObject publication(RawSocket socket) throws Exception {
    JsonObject push =
        next(
            socket,
            reply -> reply.containsKey("push") && reply.getJsonObject("push").containsKey("pub"));
    return push.getJsonObject("push").getJsonObject("pub");
  }

  private static JsonObject next(RawSocket socket, Predicate<JsonObject> wanted) throws Exception {
    while (true) {
      JsonObject reply = socket.next();
      if (wanted.test(reply)) {
        return reply;
      }
    }
  }

  private static List<Long> offsets(JsonObject result) {
    JsonArray publications = result.getJsonArray("publications", new JsonArray());
    return publications.stream().map(p -> ((JsonObject) p).getLong("offset")).toList();
  }
}
