package io.switchboard.server.chat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.bus.HubAddresses;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.server.chat.SdkClient.Sub;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
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

@DisplayName("Other roles publish into a tenant's channels over the event bus; call channels")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubBusPublishTest {

  /** The code of the protocol's permission-denied reply error. */
  private static final int PERMISSION_DENIED = 103;

  /** The largest data these tests may publish into window channels. */
  private static final int MAX_PUBLICATION = 1024;

  @TempDir static Path dir;

  private ChatFixture hub;

  @BeforeAll
  void start() throws Exception {
    hub =
        ChatFixture.single(
            dir,
            Map.of("switchboard.hub.max-publication-bytes", Integer.toString(MAX_PUBLICATION)));
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  private JsonObject publish(JsonObject request) throws Exception {
    return hub.node(0)
        .vertx()
        .eventBus()
        .<JsonObject>request(HubAddresses.PUBLISH, request)
        .await(ChatFixture.TIMEOUT_SECONDS, SECONDS)
        .body();
  }

  private ReplyException refused(Object request) throws Exception {
    Throwable failure =
        hub.node(0)
            .vertx()
            .eventBus()
            .request(HubAddresses.PUBLISH, request)
            .transform(done -> Future.succeededFuture(done.cause()))
            .await(ChatFixture.TIMEOUT_SECONDS, SECONDS);
    assertThat(failure).as("the publish must fail").isInstanceOf(ReplyException.class);
    return (ReplyException) failure;
  }

  private static JsonObject request(String tenant, String channel, JsonObject data) {
    return new JsonObject().put("tenant", tenant).put("channel", channel).put("data", data);
  }

  @Test
  @DisplayName("an agent subscribed to call:<id> receives what the voice role publishes, in order")
  void agentReceivesCallEvents() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String channel = "call:" + UUID.randomUUID();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent());
        SdkClient supervisor =
            SdkClient.connect(hub.wsUrl(0), TestTokens.mint(t.id(), "sup-1", Role.SUPERVISOR))) {
      Sub agentSub = agent.subscribe(channel);
      Sub supervisorSub = supervisor.subscribe(channel);
      JsonObject first =
          publish(
              request(
                  t.id(),
                  channel,
                  new JsonObject().put("type", "transcript").put("text", "hello")));
      JsonObject second =
          publish(
              request(
                  t.id(), channel, new JsonObject().put("type", "state").put("state", "ended")));

      assertThat(first.getString("epoch")).isNotBlank();
      assertThat(second.getLong("offset")).isEqualTo(first.getLong("offset") + 1);
      JsonObject heard = agentSub.next();
      assertThat(heard.getString("text")).isEqualTo("hello");
      assertThat(heard.getLong("_offset")).isEqualTo(first.getLong("offset"));
      assertThat(agentSub.next().getString("state")).isEqualTo("ended");
      assertThat(supervisorSub.next().getString("text")).isEqualTo("hello");
    }
  }

  @Test
  @DisplayName("a publish into a conversation from the bus is a stored message, as from the API")
  void publishIntoConversation() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      Sub sub = agent.subscribe(t.channel());
      JsonObject answer =
          publish(request(t.id(), t.channel(), new JsonObject().put("body", "call summary")));
      assertThat(answer.getLong("offset")).isEqualTo(1L);
      assertThat(sub.next().getString("body")).isEqualTo("call summary");
      assertThat(hub.messages(t.admin(), t.conversation()))
          .extracting(m -> m.getString("body"))
          .containsExactly("call summary");
    }
  }

  @Test
  @DisplayName("a customer cannot subscribe to a call channel of their own tenant")
  void customerRefused() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient customer = SdkClient.connect(hub.wsUrl(0), t.customer())) {
      SdkClient.Refused refused = customer.subscribeRefused("call:" + UUID.randomUUID());
      assertThat(refused.getCode()).isEqualTo(PERMISSION_DENIED);
    }
  }

  @Test
  @DisplayName("another tenant's agent never hears a call of this tenant")
  void otherTenantHearsNothing() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    ChatFixture.Tenant other = hub.tenant();
    String channel = "call:" + UUID.randomUUID();
    try (SdkClient ours = SdkClient.connect(hub.wsUrl(0), t.agent());
        SdkClient theirs = SdkClient.connect(hub.wsUrl(0), other.agent())) {
      Sub ourSub = ours.subscribe(channel);
      // The same name in another tenant is another channel: publishing into ours reaches only us.
      Sub theirSub = theirs.subscribe(channel);
      publish(request(t.id(), channel, new JsonObject().put("text", "private")));
      publish(request(other.id(), channel, new JsonObject().put("text", "theirs")));

      assertThat(ourSub.next().getString("text")).isEqualTo("private");
      assertThat(theirSub.next().getString("text")).isEqualTo("theirs");
      assertThat(ourSub.drain(200)).isEmpty();
    }
  }

  @Test
  @DisplayName("a client cannot publish into a call channel, even a subscribed agent")
  void clientsCannotPublish() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String channel = "call:" + UUID.randomUUID();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      Sub sub = agent.subscribe(channel);
      SdkClient.Refused refused =
          assertThrows(
              SdkClient.Refused.class,
              () -> agent.publish(channel, new JsonObject().put("body", "spoofed")));
      assertThat(refused.getCode()).isEqualTo(PERMISSION_DENIED);
      publish(request(t.id(), channel, new JsonObject().put("text", "real")));
      assertThat(sub.next().getString("text")).isEqualTo("real");
    }
  }

  Stream<Arguments> wrongRequests() {
    String call = "call:" + UUID.randomUUID();
    JsonObject data = new JsonObject().put("text", "x");
    return Stream.of(
        Arguments.of(request("acme", "call:not-a-uuid", data), "channel"),
        Arguments.of(request("acme", "phone:" + UUID.randomUUID(), data), "channel"),
        Arguments.of(request("acme", "", data), "channel"),
        Arguments.of(new JsonObject().put("tenant", "acme").put("data", data), "channel"),
        Arguments.of(request("acme", call, null), "data"),
        Arguments.of(
            new JsonObject().put("tenant", "acme").put("channel", call).put("data", "text"),
            "data"),
        Arguments.of(
            request("acme", call, new JsonObject().put("blob", "x".repeat(MAX_PUBLICATION))),
            "data"),
        Arguments.of(new JsonObject().put("channel", call).put("data", data), "tenant"),
        Arguments.of(request("../acme", call, data), "tenant"),
        Arguments.of(request("acme", call, data).put("user", "mallory"), "user"),
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
