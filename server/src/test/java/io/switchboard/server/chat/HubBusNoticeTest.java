package io.switchboard.server.chat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.centrifugal.centrifuge.HistoryOptions;
import io.github.centrifugal.centrifuge.HistoryResult;
import io.github.centrifugal.centrifuge.Publication;
import io.switchboard.platform.bus.HubAddresses;
import io.switchboard.server.chat.SdkClient.Sub;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Other roles send notices that are not kept into a tenant's conversations")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubBusNoticeTest {

  /** The largest notice data these tests may send. */
  private static final int MAX_PUBLICATION = 1024;

  /** Notices a tenant may send at once; the bucket barely refills while a test runs. */
  private static final int TENANT_BURST = 5;

  @TempDir static Path dir;

  private ChatFixture hub;

  @BeforeAll
  void start() throws Exception {
    hub =
        ChatFixture.single(
            dir,
            Map.of(
                "switchboard.hub.max-publication-bytes",
                Integer.toString(MAX_PUBLICATION),
                "switchboard.hub.tenant-publish-burst",
                Integer.toString(TENANT_BURST),
                "switchboard.hub.tenant-publish-per-second",
                "0.001"));
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  private JsonObject send(String address, JsonObject request) throws Exception {
    return hub.node(0)
        .vertx()
        .eventBus()
        .<JsonObject>request(address, request)
        .await(ChatFixture.TIMEOUT_SECONDS, SECONDS)
        .body();
  }

  private ReplyException refused(Object request) throws Exception {
    Throwable failure =
        hub.node(0)
            .vertx()
            .eventBus()
            .request(HubAddresses.NOTICE, request)
            .transform(done -> Future.succeededFuture(done.cause()))
            .await(ChatFixture.TIMEOUT_SECONDS, SECONDS);
    assertThat(failure).as("the notice must fail").isInstanceOf(ReplyException.class);
    return (ReplyException) failure;
  }

  private static JsonObject request(String tenant, String channel, JsonObject data) {
    return new JsonObject().put("tenant", tenant).put("channel", channel).put("data", data);
  }

  private static JsonObject delta(String text) {
    return new JsonObject().put("type", "bot.delta").put("turn_id", "turn-1").put("text", text);
  }

  @Test
  @DisplayName("the conversation's agent and customer receive the notice, without an offset")
  void subscribersReceive() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent());
        SdkClient customer = SdkClient.connect(hub.wsUrl(0), t.customer())) {
      Sub agentSub = agent.subscribe(t.channel());
      Sub customerSub = customer.subscribe(t.channel());

      JsonObject answer = send(HubAddresses.NOTICE, request(t.id(), t.channel(), delta("Hel")));

      assertThat(answer).isEqualTo(new JsonObject());
      JsonObject heard = agentSub.next();
      assertThat(heard.getString("type")).isEqualTo("bot.delta");
      assertThat(heard.getString("turn_id")).isEqualTo("turn-1");
      assertThat(heard.getString("text")).isEqualTo("Hel");
      assertThat(heard.getLong("_offset")).isZero();
      assertThat(customerSub.next().getString("text")).isEqualTo("Hel");
    }
  }

  @Test
  @DisplayName("a notice is delivered between messages but kept in neither history nor PostgreSQL")
  void notKept() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      Sub sub = agent.subscribe(t.channel());
      send(HubAddresses.PUBLISH, request(t.id(), t.channel(), new JsonObject().put("body", "one")));
      send(HubAddresses.NOTICE, request(t.id(), t.channel(), delta("thinking")));
      send(HubAddresses.PUBLISH, request(t.id(), t.channel(), new JsonObject().put("body", "two")));

      List<JsonObject> heard = sub.next(3);
      assertThat(heard).extracting(h -> h.getString("body")).containsExactly("one", null, "two");
      assertThat(heard).extracting(h -> h.getLong("_offset")).containsExactly(1L, 0L, 2L);
      assertThat(heard.get(1).getString("text")).isEqualTo("thinking");

      CompletableFuture<HistoryResult> page = new CompletableFuture<>();
      sub.subscription.history(
          new HistoryOptions.Builder().withLimit(10).build(), SdkClient.callback(page));
      HistoryResult history = SdkClient.await(page);
      assertThat(history.getPublications())
          .extracting(Publication::getOffset)
          .containsExactly(1L, 2L);
      assertThat(history.getOffset()).isEqualTo(2L);
      assertThat(hub.messages(t.admin(), t.conversation()))
          .extracting(m -> m.getString("body"))
          .containsExactly("one", "two");
    }
  }

  @Test
  @DisplayName(
      "a notice sent as soon as a message's publish is answered reaches subscribers after it,"
          + " every time")
  void noticeAfterAnswerComesAfterMessage() throws Exception {
    // Each tenant's buckets hold five of each; five tenants give 25 chances to overtake.
    for (int tenant = 0; tenant < 5; tenant++) {
      ChatFixture.Tenant t = hub.tenant();
      try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
        Sub sub = agent.subscribe(t.channel());
        for (int i = 1; i <= TENANT_BURST; i++) {
          send(HubAddresses.PUBLISH, request(t.id(), t.channel(), body("m" + i)));
          send(HubAddresses.NOTICE, request(t.id(), t.channel(), delta("after m" + i)));
        }
        List<JsonObject> heard = sub.next(2 * TENANT_BURST);
        for (int i = 1; i <= TENANT_BURST; i++) {
          assertThat(heard.get(2 * i - 2).getString("body")).as("message %d", i).isEqualTo("m" + i);
          assertThat(heard.get(2 * i - 2).getLong("_offset")).isEqualTo(i);
          assertThat(heard.get(2 * i - 1).getString("text"))
              .as("notice after message %d", i)
              .isEqualTo("after m" + i);
        }
      }
    }
  }

  private static JsonObject body(String text) {
    return new JsonObject().put("body", text);
  }

  @Test
  @DisplayName("another tenant's subscriber never receives a tenant's notice")
  void otherTenantHearsNothing() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    ChatFixture.Tenant other = hub.tenant();
    try (SdkClient ours = SdkClient.connect(hub.wsUrl(0), t.agent());
        SdkClient theirs = SdkClient.connect(hub.wsUrl(0), other.agent())) {
      Sub ourSub = ours.subscribe(t.channel());
      Sub theirSub = theirs.subscribe(other.channel());
      // Our conversation's name in the other tenant is another channel, which no one hears.
      send(HubAddresses.NOTICE, request(other.id(), t.channel(), delta("misaddressed")));
      send(HubAddresses.NOTICE, request(t.id(), t.channel(), delta("ours")));
      send(HubAddresses.NOTICE, request(other.id(), other.channel(), delta("theirs")));

      assertThat(ourSub.next().getString("text")).isEqualTo("ours");
      assertThat(theirSub.next().getString("text")).isEqualTo("theirs");
      assertThat(ourSub.drain(200)).isEmpty();
      assertThat(theirSub.drain(200)).isEmpty();
    }
  }

  @Test
  @DisplayName("notices beyond the tenant's publish rate fail with 429")
  void overTheTenantRate() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    for (int i = 0; i < TENANT_BURST; i++) {
      send(HubAddresses.NOTICE, request(t.id(), t.channel(), delta("d" + i)));
    }
    ReplyException refused = refused(request(t.id(), t.channel(), delta("one too many")));
    assertThat(refused.failureCode()).isEqualTo(429);
    // Another tenant's bucket is its own.
    ChatFixture.Tenant other = hub.tenant();
    assertThat(send(HubAddresses.NOTICE, request(other.id(), other.channel(), delta("fine"))))
        .isEqualTo(new JsonObject());
  }

  Stream<Arguments> wrongRequests() {
    String conversation = "conversation:" + UUID.randomUUID();
    JsonObject data = delta("x");
    return Stream.of(
        Arguments.of(request("acme", "call:" + UUID.randomUUID(), data), "channel"),
        Arguments.of(request("acme", "inbox:" + UUID.randomUUID(), data), "channel"),
        Arguments.of(request("acme", "tenant", data), "channel"),
        Arguments.of(request("acme", "conversation:not-a-uuid", data), "channel"),
        Arguments.of(request("acme", "", data), "channel"),
        Arguments.of(new JsonObject().put("tenant", "acme").put("data", data), "channel"),
        Arguments.of(request("acme", conversation, null), "data"),
        Arguments.of(
            new JsonObject().put("tenant", "acme").put("channel", conversation).put("data", "x"),
            "data"),
        Arguments.of(
            request(
                "acme", conversation, new JsonObject().put("text", "x".repeat(MAX_PUBLICATION))),
            "data"),
        Arguments.of(new JsonObject().put("channel", conversation).put("data", data), "tenant"),
        Arguments.of(request("../acme", conversation, data), "tenant"),
        Arguments.of(request("acme", conversation, data).put("user", "mallory"), "user"),
        Arguments.of(new JsonArray().add("not an object"), "$"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("wrongRequests")
  @DisplayName("a wrong request fails with 400 naming the field")
  void wrongRequest(Object request, String field) throws Exception {
    ReplyException refused = refused(request);
    assertThat(refused.failureCode()).isEqualTo(400);
    assertThat(refused.getMessage()).contains(field);
  }
}
