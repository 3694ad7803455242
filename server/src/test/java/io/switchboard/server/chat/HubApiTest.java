package io.switchboard.server.chat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.centrifugal.centrifuge.ConnectingEvent;
import io.github.centrifugal.centrifuge.DisconnectedEvent;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.server.chat.SdkClient.Sub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The hub's server API over HTTP, with centrifuge-java clients on the other side")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubApiTest {

  /** The tenants' bucket of publishes into inbox, user and tenant channels in these tests. */
  private static final int API_BURST = 8;

  /** The largest data these tests may publish into inbox, user and tenant channels. */
  private static final int MAX_PUBLICATION = 1024;

  @TempDir static Path dir;

  private ChatFixture hub;
  private WebClient web;

  @BeforeAll
  void start() throws Exception {
    hub =
        ChatFixture.single(
            dir,
            Map.of(
                "switchboard.hub.api-publish-burst", Integer.toString(API_BURST),
                "switchboard.hub.api-publish-per-second", "0.01",
                "switchboard.hub.max-publication-bytes", Integer.toString(MAX_PUBLICATION)));
    web = WebClient.create(hub.clientVertx());
  }

  @AfterAll
  void stop() throws Exception {
    web.close();
    hub.close();
  }

  private HttpResponse<Buffer> call(String token, String operation, Object body) throws Exception {
    var request = web.post(hub.node(0).httpPort(), "127.0.0.1", "/api/v1/hub/" + operation);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request
        .sendBuffer(Buffer.buffer(body instanceof String s ? s : body.toString()))
        .await(ChatFixture.TIMEOUT_SECONDS, SECONDS);
  }

  private JsonObject ok(String token, String operation, JsonObject body) throws Exception {
    HttpResponse<Buffer> response = call(token, operation, body.encode());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static String service(ChatFixture.Tenant t) {
    return TestTokens.mint(t.id(), "integration-1", Role.SERVICE);
  }

  @Test
  @DisplayName("a publish into a conversation is stored and reaches the SDK subscriber")
  void publishIntoConversation() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      Sub sub = agent.subscribe(t.channel());
      JsonObject answer =
          ok(
              service(t),
              "publish",
              new JsonObject()
                  .put("channel", t.channel())
                  .put(
                      "data",
                      new JsonObject()
                          .put("body", "from the CRM")
                          .put("client_message_id", "crm-1")));

      assertThat(answer.getLong("offset")).isEqualTo(1L);
      assertThat(answer.getBoolean("created")).isTrue();
      assertThat(answer.getString("id")).isNotBlank();
      assertThat(answer.getString("epoch")).isNotBlank();
      JsonObject pushed = sub.next();
      assertThat(pushed.getString("body")).isEqualTo("from the CRM");
      assertThat(pushed.getString("author_id")).isEqualTo("integration-1");
      assertThat(pushed.getLong("_offset")).isEqualTo(1L);
      assertThat(hub.messages(t.admin(), t.conversation()))
          .extracting(m -> m.getString("body"))
          .containsExactly("from the CRM");
    }
  }

  @Test
  @DisplayName("a publish into a user's channel reaches that user's subscription with an offset")
  void publishIntoUserChannel() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      Sub sub = agent.subscribe("user:agent-1");
      JsonObject data = new JsonObject().put("type", "ticket-assigned").put("ticket", "T-7");
      JsonObject answer =
          ok(
              service(t),
              "publish",
              new JsonObject().put("channel", "user:agent-1").put("data", data));

      JsonObject pushed = sub.next();
      assertThat(pushed.getString("ticket")).isEqualTo("T-7");
      assertThat(pushed.getLong("_offset")).isEqualTo(answer.getLong("offset")).isPositive();
      assertThat(answer.containsKey("id")).isFalse();
    }
  }

  @Test
  @DisplayName(
      "a broadcast publishes into three channels and answers each; a missing one fails alone")
  void broadcast() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      Sub user = agent.subscribe("user:agent-1");
      Sub tenant = agent.subscribe("tenant");
      Sub inbox = agent.subscribe("inbox:" + t.inbox());
      String missing = "inbox:" + UUID.randomUUID();
      JsonObject answer =
          ok(
              t.admin(),
              "broadcast",
              new JsonObject()
                  .put(
                      "channels",
                      new JsonArray(
                          List.of("user:agent-1", "tenant", "inbox:" + t.inbox(), missing)))
                  .put("data", new JsonObject().put("notice", "maintenance at 6")));

      JsonArray responses = answer.getJsonArray("responses");
      assertThat(responses).hasSize(4);
      for (int i = 0; i < 3; i++) {
        assertThat(responses.getJsonObject(i).getJsonObject("result").getLong("offset"))
            .isPositive();
      }
      assertThat(responses.getJsonObject(3).getString("channel")).isEqualTo(missing);
      assertThat(responses.getJsonObject(3).getJsonObject("error").getInteger("status"))
          .isEqualTo(404);
      for (Sub sub : List.of(user, tenant, inbox)) {
        assertThat(sub.next().getString("notice")).isEqualTo("maintenance at 6");
      }
    }
  }

  @Test
  @DisplayName("presence and presence_stats show two connected SDK clients")
  void presence() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent());
        SdkClient customer = SdkClient.connect(hub.wsUrl(0), t.customer())) {
      agent.subscribe(t.channel());
      customer.subscribe(t.channel());
      JsonObject request = new JsonObject().put("channel", t.channel());
      JsonObject stats = ok(service(t), "presence_stats", request);
      for (int i = 0; i < 50 && stats.getInteger("num_clients") < 2; i++) {
        Thread.sleep(100);
        stats = ok(service(t), "presence_stats", request);
      }

      assertThat(stats).isEqualTo(new JsonObject().put("num_clients", 2).put("num_users", 2));
      JsonObject clients = ok(service(t), "presence", request).getJsonObject("clients");
      assertThat(clients.fieldNames()).hasSize(2);
      assertThat(clients.stream().map(e -> ((JsonObject) e.getValue()).getString("user")))
          .containsExactlyInAnyOrder("agent-1", "customer-1");
      JsonObject one = (JsonObject) clients.iterator().next().getValue();
      assertThat(one.getString("client")).isNotBlank();
      assertThat(one.getJsonObject("conn_info").getJsonArray("roles")).hasSize(1);
    }
  }

  @Test
  @DisplayName("history pages a conversation forwards and backwards, and a user channel's window")
  void history() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    for (int i = 1; i <= 5; i++) {
      ok(
          service(t),
          "publish",
          new JsonObject()
              .put("channel", t.channel())
              .put("data", new JsonObject().put("body", "m" + i)));
    }

    JsonObject forward =
        ok(
            service(t),
            "history",
            new JsonObject()
                .put("channel", t.channel())
                .put("limit", 2)
                .put("since", new JsonObject().put("offset", 2)));
    assertThat(forward.getLong("offset")).isEqualTo(5L);
    assertThat(forward.getString("epoch")).isNotBlank();
    assertThat(bodies(forward)).containsExactly("m3", "m4");
    assertThat(forward.getJsonArray("publications").getJsonObject(0).getLong("offset"))
        .isEqualTo(3L);

    JsonObject backward =
        ok(
            service(t),
            "history",
            new JsonObject().put("channel", t.channel()).put("limit", 3).put("reverse", true));
    assertThat(bodies(backward)).containsExactly("m5", "m4", "m3");

    JsonObject position = ok(service(t), "history", new JsonObject().put("channel", t.channel()));
    assertThat(position.getJsonArray("publications")).isEmpty();
    assertThat(position.getLong("offset")).isEqualTo(5L);

    for (String notice : List.of("a", "b")) {
      ok(
          service(t),
          "publish",
          new JsonObject()
              .put("channel", "user:agent-1")
              .put("data", new JsonObject().put("n", notice)));
    }
    JsonObject window =
        ok(service(t), "history", new JsonObject().put("channel", "user:agent-1").put("limit", 10));
    assertThat(
            window.getJsonArray("publications").stream()
                .map(p -> ((JsonObject) p).getJsonObject("data").getString("n")))
        .containsExactly("a", "b");
  }

  @Test
  @DisplayName(
      "history since a position of another epoch is 412, for a conversation and a user channel"
          + " alike; since without an epoch pages the current stream")
  void historySinceAnotherEpoch() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    JsonObject published =
        ok(
            service(t),
            "publish",
            new JsonObject()
                .put("channel", t.channel())
                .put("data", new JsonObject().put("body", "m1")));
    ok(
        service(t),
        "publish",
        new JsonObject().put("channel", "user:agent-1").put("data", new JsonObject()));
    for (String channel : List.of(t.channel(), "user:agent-1")) {
      HttpResponse<Buffer> refused =
          call(
              service(t),
              "history",
              new JsonObject()
                  .put("channel", channel)
                  .put("limit", 10)
                  .put("since", new JsonObject().put("offset", 0).put("epoch", "0ther0ep0ch0"))
                  .encode());
      assertThat(refused.statusCode()).as(channel + ": " + refused.bodyAsString()).isEqualTo(412);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
    JsonObject page =
        ok(
            service(t),
            "history",
            new JsonObject()
                .put("channel", t.channel())
                .put("limit", 10)
                .put(
                    "since",
                    new JsonObject().put("offset", 0).put("epoch", published.getString("epoch"))));
    assertThat(bodies(page)).containsExactly("m1");
    assertThat(page.getString("epoch")).isEqualTo(published.getString("epoch"));
  }

  @Test
  @DisplayName(
      "data over max-publication-bytes for a user, inbox or tenant channel is 400 naming data, and"
          + " nothing is kept")
  void publicationSize() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String token = service(t);
    JsonObject big = new JsonObject().put("blob", "x".repeat(MAX_PUBLICATION));
    for (String channel : List.of("user:agent-1", "inbox:" + t.inbox(), "tenant")) {
      assertRefused(
          token, "publish", new JsonObject().put("channel", channel).put("data", big), "data");
    }
    JsonObject huge = new JsonObject().put("blob", "x".repeat(900 * 1024));
    assertRefused(
        token, "publish", new JsonObject().put("channel", "tenant").put("data", huge), "data");
    JsonObject kept =
        ok(token, "history", new JsonObject().put("channel", "user:agent-1").put("limit", 10));
    assertThat(kept.getJsonArray("publications")).isEmpty();
    assertThat(kept.getLong("offset", 0L)).isZero();
    JsonObject fits = new JsonObject().put("blob", "x".repeat(MAX_PUBLICATION - 20));
    ok(token, "publish", new JsonObject().put("channel", "user:agent-1").put("data", fits));
  }

  @Test
  @DisplayName(
      "publishes into user, inbox and tenant channels past the tenant's api-publish bucket are 429"
          + " with Retry-After, in a broadcast too; conversations keep their own rate")
  void publishRate() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String token = service(t);
    JsonObject notice = new JsonObject().put("type", "notice");
    for (int i = 0; i < API_BURST; i++) {
      ok(token, "publish", new JsonObject().put("channel", "user:agent-" + i).put("data", notice));
    }
    HttpResponse<Buffer> limited =
        call(
            token,
            "publish",
            new JsonObject().put("channel", "tenant").put("data", notice).encode());
    assertThat(limited.statusCode()).as(limited.bodyAsString()).isEqualTo(429);
    assertThat(limited.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(limited.getHeader("Retry-After")).isNotBlank();
    JsonObject broadcast =
        ok(
            token,
            "broadcast",
            new JsonObject()
                .put("channels", new JsonArray().add("tenant").add("inbox:" + t.inbox()))
                .put("data", notice));
    for (Object response : broadcast.getJsonArray("responses")) {
      assertThat(((JsonObject) response).getJsonObject("error").getInteger("status"))
          .isEqualTo(429);
    }
    ok(
        token,
        "publish",
        new JsonObject()
            .put("channel", t.channel())
            .put("data", new JsonObject().put("body", "still served")));
    ChatFixture.Tenant elsewhere = hub.tenant();
    ok(
        service(elsewhere),
        "publish",
        new JsonObject().put("channel", "tenant").put("data", notice));
  }

  private static List<String> bodies(JsonObject history) {
    return history.getJsonArray("publications").stream()
        .map(p -> ((JsonObject) p).getJsonObject("data").getString("body"))
        .toList();
  }

  @Test
  @DisplayName("disconnect 3011 makes the user's SDK reconnect; 3503 leaves it disconnected")
  void disconnect() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      agent.connecting.clear();
      ok(service(t), "disconnect", new JsonObject().put("user", "agent-1"));
      ConnectingEvent connecting = agent.connecting.poll(ChatFixture.TIMEOUT_SECONDS, SECONDS);
      assertThat(connecting).isNotNull();
      assertThat(connecting.getCode()).isEqualTo(3011);
      assertThat(agent.connected.poll(ChatFixture.TIMEOUT_SECONDS, SECONDS)).isNotNull();

      ok(
          service(t),
          "disconnect",
          new JsonObject()
              .put("user", "agent-1")
              .put("code", 3503)
              .put("reason", "account closed"));
      DisconnectedEvent gone = agent.disconnected.poll(ChatFixture.TIMEOUT_SECONDS, SECONDS);
      assertThat(gone).isNotNull();
      assertThat(gone.getCode()).isEqualTo(3503);
      assertThat(gone.getReason()).isEqualTo("account closed");
      assertThat(agent.connected.poll(1, SECONDS)).isNull();
    }
  }

  @Test
  @DisplayName(
      "agents and customers are refused with 403, no token with 401, and nothing is stored")
  void roles() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    JsonObject publish =
        new JsonObject()
            .put("channel", t.channel())
            .put("data", new JsonObject().put("body", "not allowed"));
    assertThat(call(t.agent(), "publish", publish.encode()).statusCode()).isEqualTo(403);
    assertThat(call(t.customer(), "publish", publish.encode()).statusCode()).isEqualTo(403);
    assertThat(call(t.agent(), "presence", "{}").statusCode()).isEqualTo(403);
    HttpResponse<Buffer> anonymous = call(null, "publish", publish.encode());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(hub.messages(t.admin(), t.conversation())).isEmpty();
  }

  @Test
  @DisplayName("another tenant's conversation is not found, and nothing is stored in either")
  void otherTenant() throws Exception {
    ChatFixture.Tenant mine = hub.tenant();
    ChatFixture.Tenant theirs = hub.tenant();
    JsonObject publish =
        new JsonObject()
            .put("channel", theirs.channel())
            .put("data", new JsonObject().put("body", "leak?"));
    assertThat(call(service(mine), "publish", publish.encode()).statusCode()).isEqualTo(404);
    assertThat(
            call(
                    service(mine),
                    "history",
                    new JsonObject().put("channel", theirs.channel()).encode())
                .statusCode())
        .isEqualTo(404);
    assertThat(
            call(
                    service(mine),
                    "presence",
                    new JsonObject().put("channel", theirs.channel()).encode())
                .statusCode())
        .isEqualTo(404);
    assertThat(hub.messages(theirs.admin(), theirs.conversation())).isEmpty();
  }

  @Test
  @DisplayName("bad inputs are 400 naming the field, and nothing is stored")
  void badInputs() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String token = service(t);
    assertRefused(
        token,
        "publish",
        new JsonObject().put("channel", "chat:1").put("data", new JsonObject()),
        "channel");
    assertRefused(
        token,
        "publish",
        new JsonObject().put("channel", "conversation:not-a-uuid").put("data", new JsonObject()),
        "channel");
    assertRefused(
        token,
        "publish",
        new JsonObject()
            .put("channel", t.channel())
            .put("data", new JsonObject().put("body", "x"))
            .put("extra", 1),
        "extra");
    assertRefused(
        token, "publish", new JsonObject().put("channel", t.channel()).put("data", "text"), "data");
    assertRefused(
        token,
        "publish",
        new JsonObject()
            .put("channel", t.channel())
            .put("data", new JsonObject().put("body", "x").put("html", true)),
        "data");
    assertRefused(
        token, "history", new JsonObject().put("channel", t.channel()).put("limit", -1), "limit");
    assertRefused(
        token, "disconnect", new JsonObject().put("user", "agent-1").put("code", 1234), "code");
    assertRefused(
        token,
        "broadcast",
        new JsonObject()
            .put("channels", new JsonArray().add("tenant").add("bad"))
            .put("data", new JsonObject()),
        "channels[1]");
    HttpResponse<Buffer> notJson = call(token, "publish", "{not json");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(
            notJson.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("$");
    assertThat(hub.messages(t.admin(), t.conversation())).isEmpty();
  }

  private void assertRefused(String token, String operation, JsonObject body, String field)
      throws Exception {
    HttpResponse<Buffer> response = call(token, operation, body.encode());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(
            response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo(field);
  }
}
