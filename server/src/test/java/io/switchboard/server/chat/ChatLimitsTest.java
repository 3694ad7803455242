package io.switchboard.server.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.fanout.ChannelBus;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.TokenMinter;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.protos.hub.v1.Delivery;
import io.switchboard.protos.hub.v1.Publication;
import io.switchboard.protos.hub.v1.Push;
import io.switchboard.server.chat.SdkClient.Sub;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Chat WebSocket limits and bad frames: a clear code, and everyone else still served")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatLimitsTest {

  @TempDir static Path dir;

  private ChatFixture hub;
  private Vertx vertx;
  private int port;

  @BeforeAll
  void start() throws Exception {
    hub =
        ChatFixture.single(
            dir,
            Map.ofEntries(
                Map.entry("switchboard.hub.max-frame-bytes", "2048"),
                Map.entry("switchboard.hub.max-json-depth", "6"),
                Map.entry("switchboard.hub.max-commands-per-frame", "3"),
                Map.entry("switchboard.hub.max-subscriptions", "2"),
                Map.entry("switchboard.hub.max-message-chars", "20"),
                Map.entry("switchboard.hub.publish-burst", "3"),
                Map.entry("switchboard.hub.publish-per-second", "0.01"),
                Map.entry("switchboard.hub.typing-burst", "1"),
                Map.entry("switchboard.hub.typing-per-second", "0.01"),
                Map.entry("switchboard.hub.max-connections-per-user", "2"),
                Map.entry("switchboard.hub.connect-timeout-ms", "500"),
                Map.entry("switchboard.hub.write-queue-bytes", "4096"),
                Map.entry("switchboard.hub.slow-consumer-ms", "200"),
                Map.entry("switchboard.auth.clock-skew-seconds", "1"),
                Map.entry("switchboard.hub.ping-interval-seconds", "1"),
                Map.entry("switchboard.hub.pong-timeout-seconds", "1"),
                Map.entry("switchboard.hub.max-connections-per-tenant", "5"),
                Map.entry("switchboard.hub.history-size", "3"),
                Map.entry("switchboard.hub.max-recovered", "4")));
    vertx = hub.clientVertx();
    port = hub.node(0).httpPort();
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  /** A bystander connection that must keep working through every test. */
  private void stillServed(ChatFixture.Tenant t) throws Exception {
    try (RawSocket other = RawSocket.connected(vertx, port, t.agent())) {
      assertThat(other.call(2, "ping", new JsonObject()).getMap()).containsKey("ping");
    }
  }

  @Test
  @DisplayName(
      "a client offering permessage-deflate, as browsers do, gets an uncompressed connection that"
          + " works")
  void noCompression() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    WebSocketClient client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setTryUsePerMessageCompression(true));
    try {
      WebSocket socket =
          client
              .connect(
                  new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
              .await(ChatFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(socket.headers().get("Sec-WebSocket-Extensions")).isNull();
      socket.close().await(ChatFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
    stillServed(t);
  }

  @Test
  @DisplayName("invalid JSON, a command before connect and JSON nested too deep close with 3501")
  void badFramesClose3501() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (RawSocket bystander = RawSocket.connected(vertx, port, t.customer())) {
      try (RawSocket raw = RawSocket.connected(vertx, port, t.agent())) {
        raw.sendText("{\"id\": 2, \"subscribe\": ");
        assertThat(raw.closeCode()).isEqualTo(3501);
      }
      try (RawSocket raw = RawSocket.open(vertx, port)) {
        raw.send(
            new JsonObject()
                .put("id", 1)
                .put("subscribe", new JsonObject().put("channel", t.channel())));
        assertThat(raw.closeCode()).isEqualTo(3501);
      }
      try (RawSocket raw = RawSocket.connected(vertx, port, t.agent())) {
        raw.sendText(
            "{\"id\":2,\"rpc\":{\"method\":\"typing\",\"data\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{}}}}}}}}");
        assertThat(raw.closeCode()).isEqualTo(3501);
      }
      try (RawSocket raw = RawSocket.connected(vertx, port, t.agent())) {
        raw.sendText(
            "{\"id\":2,\"ping\":{}}\n{\"id\":3,\"ping\":{}}\n{\"id\":4,\"ping\":{}}\n{\"id\":5,\"ping\":{}}");
        assertThat(raw.closeCode()).isEqualTo(3501);
      }
      try (RawSocket raw = RawSocket.connected(vertx, port, t.agent())) {
        raw.sendBinary(Buffer.buffer(new byte[] {(byte) 0xff, 0x01}));
        assertThat(raw.closeCode()).isEqualTo(3501);
      }
      assertThat(bystander.call(7, "ping", new JsonObject()).getMap()).containsKey("ping");
    }
    stillServed(t);
  }

  @Test
  @DisplayName("a frame over max-frame-bytes closes with 1009")
  void oversizedFrame() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (RawSocket raw = RawSocket.connected(vertx, port, t.agent())) {
      raw.send(
          new JsonObject().put("id", 2).put("ping", new JsonObject().put("pad", "x".repeat(4000))));
      assertThat(raw.closeCode()).isEqualTo(1009);
    }
    stillServed(t);
  }

  @Test
  @DisplayName(
      "no connect in time is 3502, a bad token 3500 (a signed one with a string exp too), an"
          + " expired one error 109")
  void connectRules() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (RawSocket raw = RawSocket.open(vertx, port)) {
      assertThat(raw.closeCode()).isEqualTo(3502);
    }
    try (RawSocket raw = RawSocket.open(vertx, port)) {
      raw.send(
          new JsonObject().put("id", 1).put("connect", new JsonObject().put("token", "not-a-jwt")));
      assertThat(raw.closeCode()).isEqualTo(3500);
    }
    JsonObject stringExp =
        new JsonObject()
            .put("tid", t.id())
            .put("sub", "agent-1")
            .put("roles", new io.vertx.core.json.JsonArray().add("agent"))
            .put("exp", "soon");
    try (RawSocket raw = RawSocket.open(vertx, port)) {
      raw.send(
          new JsonObject()
              .put("id", 1)
              .put("connect", new JsonObject().put("token", signedToken(stringExp))));
      assertThat(raw.closeCode()).isEqualTo(3500);
    }
    String expired = expiredToken(t.id(), "agent-1");
    try (RawSocket raw = RawSocket.open(vertx, port)) {
      JsonObject reply = raw.call(1, "connect", new JsonObject().put("token", expired));
      assertThat(reply.getJsonObject("error").getInteger("code")).isEqualTo(109);
      JsonObject retried = raw.call(2, "connect", new JsonObject().put("token", t.agent()));
      assertThat(retried.getJsonObject("connect").getString("client")).isNotBlank();
    }
  }

  /** A token signed with the test secret that ran out five minutes ago, past any clock skew. */
  static String expiredToken(String tenant, String user) throws Exception {
    long now = java.time.Instant.now().getEpochSecond();
    return signedToken(
        new JsonObject()
            .put("tid", tenant)
            .put("sub", user)
            .put("roles", new io.vertx.core.json.JsonArray().add("agent"))
            .put("iat", now - 600)
            .put("exp", now - 300));
  }

  /** {@code claims} exactly as given, signed with the test secret. */
  private static String signedToken(JsonObject given) throws Exception {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(UTF_8));
    String claims = b64.encodeToString(given.encode().getBytes(UTF_8));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(TestTokens.SECRET.getBytes(UTF_8), "HmacSHA256"));
    String signature = b64.encodeToString(mac.doFinal((header + "." + claims).getBytes(UTF_8)));
    return header + "." + claims + "." + signature;
  }

  private static String shortToken(String tenant, String user, Role role) {
    return TokenMinter.mint(
        TestTokens.SECRET, tenant, user, EnumSet.of(role), Duration.ofSeconds(2), "", "");
  }

  @Test
  @DisplayName("refresh before expiry keeps a connection; a token of someone else closes it (3507)")
  void refresh() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (RawSocket raw = RawSocket.open(vertx, port)) {
      JsonObject connected =
          raw.call(
              1,
              "connect",
              new JsonObject().put("token", shortToken(t.id(), "agent-1", Role.AGENT)));
      assertThat(connected.getJsonObject("connect").getInteger("ttl")).isBetween(1, 2);
      assertThat(connected.getJsonObject("connect").getBoolean("expires")).isTrue();
      JsonObject refreshed = raw.call(2, "refresh", new JsonObject().put("token", t.agent()));
      assertThat(refreshed.getJsonObject("refresh").getInteger("ttl")).isGreaterThan(3000);
      JsonObject garbage = raw.call(3, "refresh", new JsonObject().put("token", "nope"));
      assertThat(garbage.getJsonObject("error").getInteger("code")).isEqualTo(101);
      Thread.sleep(3_500);
      assertThat(raw.call(4, "ping", new JsonObject()).getMap()).containsKey("ping");
      raw.send(
          new JsonObject()
              .put("id", 5)
              .put("refresh", new JsonObject().put("token", t.customer())));
      assertThat(raw.closeCode()).isEqualTo(3507);
    }
  }

  @Test
  @DisplayName("a connection whose token runs out unrefreshed is closed with 3005")
  void expiry() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (RawSocket raw = RawSocket.open(vertx, port)) {
      raw.call(
          1, "connect", new JsonObject().put("token", shortToken(t.id(), "agent-1", Role.AGENT)));
      assertThat(raw.closeCode()).isEqualTo(3005);
    }
  }

  @Test
  @DisplayName(
      "unknown methods, channels and fields answer errors 104, 102 and 107 and keep the socket")
  void errorReplies() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (RawSocket raw = RawSocket.connected(vertx, port, t.customer())) {
      assertThat(
              raw.call(2, "teleport", new JsonObject()).getJsonObject("error").getInteger("code"))
          .isEqualTo(104);
      assertThat(
              raw.call(3, "subscribe", new JsonObject().put("channel", "weather:today"))
                  .getJsonObject("error")
                  .getInteger("code"))
          .isEqualTo(102);
      raw.call(4, "subscribe", new JsonObject().put("channel", t.channel()));
      JsonObject notJson =
          raw.call(
              5, "publish", new JsonObject().put("channel", t.channel()).put("data", "just text"));
      assertThat(notJson.getJsonObject("error").getInteger("code")).isEqualTo(107);
      JsonObject unknownField =
          raw.call(
              6,
              "publish",
              new JsonObject()
                  .put("channel", t.channel())
                  .put("data", new JsonObject().put("body", "hi").put("admin", true)));
      assertThat(unknownField.getJsonObject("error").getInteger("code")).isEqualTo(107);
      assertThat(unknownField.getJsonObject("error").getString("message")).contains("admin");
      assertThat(hub.messages(t.admin(), t.conversation())).isEmpty();
      assertThat(raw.call(7, "ping", new JsonObject()).getMap()).containsKey("ping");
    }
  }

  @Test
  @DisplayName("over the subscription, message-length and publish-rate limits: error 106, 106, 111")
  void perConnectionLimits() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (RawSocket raw = RawSocket.connected(vertx, port, t.agent())) {
      raw.call(2, "subscribe", new JsonObject().put("channel", t.channel()));
      raw.call(3, "subscribe", new JsonObject().put("channel", "tenant"));
      JsonObject third =
          raw.call(4, "subscribe", new JsonObject().put("channel", "inbox:" + t.inbox()));
      assertThat(third.getJsonObject("error").getInteger("code")).isEqualTo(106);

      JsonObject tooLong =
          raw.call(
              5,
              "publish",
              new JsonObject()
                  .put("channel", t.channel())
                  .put("data", new JsonObject().put("body", "x".repeat(21))));
      assertThat(tooLong.getJsonObject("error").getInteger("code")).isEqualTo(106);

      int refused = 0;
      for (int i = 0; i < 4; i++) {
        JsonObject sent =
            raw.call(
                10 + i,
                "publish",
                new JsonObject()
                    .put("channel", t.channel())
                    .put("data", new JsonObject().put("body", "m" + i)));
        if (sent.containsKey("error")) {
          assertThat(sent.getJsonObject("error").getInteger("code")).isEqualTo(111);
          assertThat(sent.getJsonObject("error").getBoolean("temporary")).isTrue();
          refused++;
        }
      }
      assertThat(refused).isEqualTo(1);
      assertThat(hub.messages(t.admin(), t.conversation())).hasSize(3);

      raw.call(
          20,
          "rpc",
          new JsonObject()
              .put("method", "typing")
              .put("data", new JsonObject().put("channel", t.channel())));
      JsonObject typingAgain =
          raw.call(
              21,
              "rpc",
              new JsonObject()
                  .put("method", "typing")
                  .put("data", new JsonObject().put("channel", t.channel())));
      assertThat(typingAgain.getJsonObject("error").getInteger("code")).isEqualTo(111);
    }
    stillServed(t);
  }

  @Test
  @DisplayName("a user over max-connections-per-user is closed with 3504")
  void connectionsPerUser() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (RawSocket first = RawSocket.connected(vertx, port, t.customer());
        RawSocket second = RawSocket.connected(vertx, port, t.customer());
        RawSocket third = RawSocket.open(vertx, port)) {
      third.send(
          new JsonObject()
              .put("id", 1)
              .put("connect", new JsonObject().put("token", t.customer())));
      assertThat(third.closeCode()).isEqualTo(3504);
      assertThat(first.call(2, "ping", new JsonObject()).getMap()).containsKey("ping");
    }
    // The slots come back when connections close.
    try (RawSocket again = RawSocket.connected(vertx, port, t.customer())) {
      assertThat(again.call(2, "ping", new JsonObject()).getMap()).containsKey("ping");
    }
  }

  @Test
  @DisplayName(
      "a tenant over max-connections-per-tenant is closed with 3504, another tenant is not")
  void connectionsPerTenant() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    ChatFixture.Tenant other = hub.tenant();
    java.util.List<RawSocket> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        open.add(
            RawSocket.connected(
                vertx, port, TestTokens.mint(t.id(), "visitor-" + i, Role.CUSTOMER)));
      }
      try (RawSocket sixth = RawSocket.open(vertx, port)) {
        sixth.send(
            new JsonObject()
                .put("id", 1)
                .put(
                    "connect",
                    new JsonObject()
                        .put("token", TestTokens.mint(t.id(), "visitor-5", Role.CUSTOMER))));
        assertThat(sixth.closeCode()).isEqualTo(3504);
      }
      stillServed(other);
    } finally {
      for (RawSocket socket : open) {
        socket.close();
      }
    }
  }

  @Test
  @DisplayName("a client that answers no ping is closed with 3012; one that answers stays")
  void noPong() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (RawSocket silent = RawSocket.connected(vertx, port, t.agent());
        RawSocket polite = RawSocket.connected(vertx, port, t.customer())) {
      silent.answerPings = false;
      assertThat(silent.closeCode()).isEqualTo(3012);
      assertThat(polite.isClosed()).isFalse();
      assertThat(polite.call(2, "ping", new JsonObject()).getMap()).containsKey("ping");
    }
  }

  @Test
  @DisplayName(
      "missing more than max-recovered (and than the window holds): recovered false, and history"
          + " pages everything")
  void recoveryOutsideTheWindow() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient customer = SdkClient.connect(hub.wsUrl(0), t.customer(), 1500);
        RawSocket agent = RawSocket.connected(vertx, port, t.agent())) {
      Sub sub = customer.subscribe(t.channel());
      customer.connecting.clear();
      hub.node(0)
          .vertx()
          .eventBus()
          .publish(
              "hub.disconnect",
              Buffer.buffer(
                  io.switchboard.protos.hub.v1.ForceDisconnect.newBuilder()
                      .setTenant(t.id())
                      .setUser("customer-1")
                      .setCode(3011)
                      .build()
                      .toByteArray()));
      assertThat(
              customer.connecting.poll(
                  ChatFixture.TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS))
          .isNotNull();
      // Stored through REST, which the hub's publish rate does not cover; the hub hears of each
      // message from crud-api's events.
      for (int i = 1; i <= 5; i++) {
        hub.postMessage(t.agent(), t.conversation(), "m" + i);
      }
      var resubscribed =
          sub.subscribed.poll(ChatFixture.TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(resubscribed).isNotNull();
      assertThat(resubscribed.wasRecovering()).isTrue();
      assertThat(resubscribed.getRecovered()).isFalse();
      assertThat(sub.drain(300)).isEmpty();

      java.util.concurrent.CompletableFuture<io.github.centrifugal.centrifuge.HistoryResult> page =
          new java.util.concurrent.CompletableFuture<>();
      sub.subscription.history(
          new io.github.centrifugal.centrifuge.HistoryOptions.Builder().withLimit(10).build(),
          SdkClient.callback(page));
      var history = SdkClient.await(page);
      assertThat(history.getPublications()).hasSize(5);
      assertThat(history.getPublications().get(4).getOffset()).isEqualTo(5L);
      assertThat(history.getOffset()).isEqualTo(5L);
    }
  }

  @Test
  @DisplayName("a client that stops reading is closed with 3008 while a fast one gets everything")
  void slowConsumer() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    int count = 1000;
    String filler = "y".repeat(16_000);
    try (SdkClient fast = SdkClient.connect(hub.wsUrl(0), t.agent());
        RawSocket slow = RawSocket.connected(vertx, port, t.customer())) {
      Sub fastSub = fast.subscribe(t.channel());
      slow.call(2, "subscribe", new JsonObject().put("channel", t.channel()));
      slow.pause();
      for (int i = 1; i <= count; i++) {
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
                                        new JsonObject()
                                            .put("n", i)
                                            .put("fill", filler)
                                            .encode()))))
                .build();
        new ChannelBus(hub.node(0).vertx().eventBus()).send(delivery);
      }
      for (int i = 1; i <= count; i++) {
        assertThat(fastSub.next().getInteger("n")).isEqualTo(i);
      }
      Thread.sleep(500);
      slow.resume();
      assertThat(slow.closeCode()).isEqualTo(3008);
    }
  }
}
