package io.switchboard.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.protos.hub.v1.ForceDisconnect;
import io.switchboard.server.chat.SdkClient.Sub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Chat over /ws with the centrifuge-java SDK (Protobuf)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatSdkTest {

  @TempDir static Path dir;

  private ChatFixture hub;

  @BeforeAll
  void start() throws Exception {
    hub = ChatFixture.single(dir, Map.of());
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  private static JsonObject message(String body) {
    return new JsonObject().put("body", body);
  }

  @Test
  @DisplayName("a customer's message is stored, then reaches the agent and the customer, offset 1")
  void publishStoresAndDelivers() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient customer = SdkClient.connect(hub.wsUrl(0), t.customer());
        SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      Sub customerSub = customer.subscribe(t.channel());
      Sub agentSub = agent.subscribe(t.channel());

      customerSub.publish(message("hello").put("client_message_id", "c-1"));

      JsonObject atAgent = agentSub.next();
      JsonObject atCustomer = customerSub.next();
      assertThat(atAgent.getString("type")).isEqualTo("message");
      assertThat(atAgent.getString("body")).isEqualTo("hello");
      assertThat(atAgent.getString("author_id")).isEqualTo("customer-1");
      assertThat(atAgent.getLong("_offset")).isEqualTo(1L);
      assertThat(atCustomer.getLong("_offset")).isEqualTo(1L);
      List<JsonObject> stored = hub.messages(t.admin(), t.conversation());
      assertThat(stored).extracting(m -> m.getString("body")).containsExactly("hello");
    }
  }

  @Test
  @DisplayName("sending twice with one client message id stores once and tells the same offset")
  void duplicateSendStoredOnce() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      Sub sub = agent.subscribe(t.channel());
      JsonObject send =
          new JsonObject()
              .put("channel", t.channel())
              .put("body", "once")
              .put("client_message_id", "dup-1");
      JsonObject first = agent.rpc("send", send);
      JsonObject second = agent.rpc("send", send);

      assertThat(first.getLong("offset")).isEqualTo(1L);
      assertThat(first.getBoolean("created")).isTrue();
      assertThat(second.getLong("offset")).isEqualTo(1L);
      assertThat(second.getBoolean("created")).isFalse();
      assertThat(second.getString("id")).isEqualTo(first.getString("id"));
      assertThat(sub.next().getLong("_offset")).isEqualTo(1L);
      assertThat(sub.drain(300)).isEmpty();
      assertThat(hub.messages(t.admin(), t.conversation())).hasSize(1);
    }
  }

  @Test
  @DisplayName("private notes reach agents only; a customer may not write one")
  void privateNotes() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient customer = SdkClient.connect(hub.wsUrl(0), t.customer());
        SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      Sub customerSub = customer.subscribe(t.channel());
      Sub agentSub = agent.subscribe(t.channel());

      agentSub.publish(message("internal only").put("private", true));
      agentSub.publish(message("public reply"));

      assertThat(agentSub.next(2))
          .extracting(m -> m.getString("body"))
          .containsExactly("internal only", "public reply");
      JsonObject seen = customerSub.next();
      assertThat(seen.getString("body")).isEqualTo("public reply");
      assertThat(seen.getLong("_offset")).isEqualTo(2L);
      assertThat(customerSub.drain(300)).isEmpty();

      assertThatThrownBy(() -> customerSub.publish(message("sneaky").put("private", true)))
          .isInstanceOfSatisfying(
              SdkClient.Refused.class, e -> assertThat(e.getCode()).isEqualTo(103));
    }
  }

  @Test
  @DisplayName("who may subscribe follows the roles, and no channel crosses tenants")
  void subscribeRules() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    ChatFixture.Tenant other = hub.tenant();
    try (SdkClient customer = SdkClient.connect(hub.wsUrl(0), t.customer());
        SdkClient outsider = SdkClient.connect(hub.wsUrl(0), t.outsider());
        SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent());
        SdkClient foreignAdmin = SdkClient.connect(hub.wsUrl(0), other.admin())) {
      assertThat(customer.subscribeRefused("conversation:" + t.otherConversation()).getCode())
          .isEqualTo(103);
      assertThat(customer.subscribeRefused("tenant").getCode()).isEqualTo(103);
      assertThat(customer.subscribeRefused("inbox:" + t.inbox()).getCode()).isEqualTo(103);
      assertThat(customer.subscribeRefused("user:agent-1").getCode()).isEqualTo(103);
      assertThat(outsider.subscribeRefused(t.channel()).getCode()).isEqualTo(103);
      assertThat(outsider.subscribeRefused("inbox:" + t.inbox()).getCode()).isEqualTo(103);
      assertThat(foreignAdmin.subscribeRefused(t.channel()).getCode()).isEqualTo(103);
      assertThat(foreignAdmin.subscribeRefused("inbox:" + t.inbox()).getCode()).isEqualTo(103);
      assertThat(customer.subscribeRefused("nowhere:1").getCode()).isEqualTo(102);
      assertThat(customer.subscribeRefused("conversation:not-a-uuid").getCode()).isEqualTo(102);

      agent.subscribe("inbox:" + t.inbox());
      agent.subscribe("tenant");
      agent.subscribe("user:agent-1");
      customer.subscribe("user:customer-1");
      Sub sub = customer.subscribe(t.channel());
      sub.publish(message("still served"));
      assertThat(sub.next().getString("body")).isEqualTo("still served");
    }
  }

  @Test
  @DisplayName("a client cut off while messages were sent gets exactly those on reconnect")
  void recoveryAfterForcedDisconnect() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient customer = SdkClient.connect(hub.wsUrl(0), t.customer(), 1500);
        SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      Sub customerSub = customer.subscribe(t.channel());
      agent.rpc("send", new JsonObject().put("channel", t.channel()).put("body", "m1"));
      assertThat(customerSub.next().getLong("_offset")).isEqualTo(1L);

      customer.connecting.clear();
      forceDisconnect(t.id(), "customer-1");
      // Reconnecting waits 1.5 s: the next messages are sent while the customer is away.
      assertThat(customer.connecting.poll(ChatFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS))
          .isNotNull();
      for (String body : List.of("m2", "m3", "m4")) {
        agent.rpc("send", new JsonObject().put("channel", t.channel()).put("body", body));
      }

      List<JsonObject> missed = customerSub.next(3);
      assertThat(missed).extracting(m -> m.getString("body")).containsExactly("m2", "m3", "m4");
      assertThat(missed).extracting(m -> m.getLong("_offset")).containsExactly(2L, 3L, 4L);
      var resubscribed = customerSub.subscribed.poll(ChatFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(resubscribed).isNotNull();
      assertThat(resubscribed.wasRecovering()).isTrue();
      assertThat(resubscribed.getRecovered()).isTrue();
      agent.rpc("send", new JsonObject().put("channel", t.channel()).put("body", "m5"));
      assertThat(customerSub.next().getLong("_offset")).isEqualTo(5L);
      assertThat(customerSub.drain(300)).isEmpty();
    }
  }

  @Test
  @DisplayName("typing and read receipts reach the others on the conversation without offsets")
  void typingAndReceipts() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient customer = SdkClient.connect(hub.wsUrl(0), t.customer());
        SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      Sub customerSub = customer.subscribe(t.channel());
      agent.subscribe(t.channel());
      // Each subscriber hears every join, its own included.
      List<String> joined = new java.util.ArrayList<>();
      while (!joined.contains("agent-1")) {
        var join = customerSub.joins.poll(ChatFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(join).as("joins so far: " + joined).isNotNull();
        joined.add(join.getInfo().getUser());
      }
      agent.rpc("typing", new JsonObject().put("channel", t.channel()));
      JsonObject typing = customerSub.next();
      assertThat(typing.getString("type")).isEqualTo("typing");
      assertThat(typing.getString("user")).isEqualTo("agent-1");
      assertThat(typing.getLong("_offset")).isEqualTo(0L);

      agent.rpc("read", new JsonObject().put("channel", t.channel()).put("offset", 0));
      JsonObject read = customerSub.next();
      assertThat(read.getString("type")).isEqualTo("read");

      SdkClient.Refused notSubscribed =
          catchReply(
              () ->
                  customer.rpc(
                      "typing",
                      new JsonObject().put("channel", "conversation:" + t.otherConversation())));
      assertThat(notSubscribed.getCode()).isEqualTo(103);
      SdkClient.Refused unknown = catchReply(() -> customer.rpc("dance", new JsonObject()));
      assertThat(unknown.getCode()).isEqualTo(104);
    }
  }

  @Test
  @DisplayName("conversation changes made through REST reach the inbox channel of its agents")
  void conversationChangesReachTheInbox() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      Sub inbox = agent.subscribe("inbox:" + t.inbox());
      hub.updateConversation(
          t.admin(),
          t.conversation(),
          new JsonObject()
              .put("status", "pending")
              .put("labels", new io.vertx.core.json.JsonArray().add("vip")));

      JsonObject change = inbox.next();
      assertThat(change.getString("type")).isEqualTo("conversation.updated");
      assertThat(change.getString("actor")).isEqualTo("admin-1");
      JsonObject conversation = change.getJsonObject("conversation");
      assertThat(conversation.getString("id")).isEqualTo(t.conversation());
      assertThat(conversation.getString("status")).isEqualTo("pending");
      assertThat(conversation.getJsonArray("labels").getList()).containsExactly("vip");
      assertThat(change.getLong("_offset")).isPositive();
      assertThat(inbox.drain(300)).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "every message reaches the inbox channel as a short message.created with a preview, a read"
          + " mark as conversation.read with the unread count, a deletion as conversation.deleted")
  void messagesAndReadsReachTheInbox() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent());
        SdkClient customer = SdkClient.connect(hub.wsUrl(0), t.customer())) {
      Sub inbox = agent.subscribe("inbox:" + t.inbox());
      Sub conversation = customer.subscribe(t.channel());
      String longBody = "where is my parcel? ".repeat(20);
      conversation.publish(message(longBody));
      JsonObject listed = inbox.next();
      assertThat(listed.getString("type")).isEqualTo("message.created");
      JsonObject activity = listed.getJsonObject("message");
      assertThat(activity.getString("conversation_id")).isEqualTo(t.conversation());
      assertThat(activity.getLong("offset")).isEqualTo(1L);
      assertThat(activity.getString("author_kind")).isEqualTo("contact");
      assertThat(activity.getString("preview")).isEqualTo(longBody.substring(0, 140));
      assertThat(activity.containsKey("body")).isFalse();

      hub.postMessage(t.agent(), t.conversation(), "On it");
      assertThat(inbox.next().getJsonObject("message").getString("author_kind")).isEqualTo("agent");
      hub.post(
          t.agent(),
          "/api/v1/conversations/" + t.conversation() + "/read",
          new JsonObject().put("offset", 2));
      JsonObject read = inbox.next();
      assertThat(read.getString("type")).isEqualTo("conversation.read");
      assertThat(read.getJsonObject("conversation").getInteger("unread_count")).isZero();
      assertThat(read.getJsonObject("conversation").getString("last_message_preview"))
          .isEqualTo("On it");

      hub.delete(t.admin(), "/api/v1/conversations/" + t.conversation());
      JsonObject deleted = inbox.next();
      assertThat(deleted.getString("type")).isEqualTo("conversation.deleted");
      assertThat(deleted.getJsonObject("conversation").getString("id")).isEqualTo(t.conversation());
      assertThat(inbox.drain(300)).isEmpty();
    }
  }

  @Test
  @DisplayName("a message stored through REST reaches WebSocket subscribers live, once")
  void restMessagesGoLive() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient customer = SdkClient.connect(hub.wsUrl(0), t.customer())) {
      Sub sub = customer.subscribe(t.channel());
      hub.postMessage(t.agent(), t.conversation(), "posted over REST");
      JsonObject seen = sub.next();
      assertThat(seen.getString("body")).isEqualTo("posted over REST");
      assertThat(seen.getLong("_offset")).isEqualTo(1L);
      sub.publish(message("and one over the socket"));
      assertThat(sub.next().getLong("_offset")).isEqualTo(2L);
      assertThat(sub.drain(500)).isEmpty();
    }
  }

  @Test
  @DisplayName("/metrics counts connections, frames, deliveries and the delivery latency")
  void metrics() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      Sub sub = agent.subscribe(t.channel());
      sub.publish(message("counted"));
      sub.next();
      String metrics = hub.metrics(0);
      assertThat(metrics)
          .containsPattern("(?m)^hub_connections [1-9]")
          .containsPattern("(?m)^hub_subscriptions [1-9]")
          .containsPattern("(?m)^hub_frames_in_total [1-9]")
          .containsPattern("(?m)^hub_frames_out_total [1-9]")
          .containsPattern("(?m)^hub_deliveries_total [1-9]")
          .contains("hub_delivery_latency_milliseconds{quantile=\"0.99\"}")
          .contains("hub_drops_total");
    }
  }

  private void forceDisconnect(String tenant, String user) {
    hub.node(0)
        .vertx()
        .eventBus()
        .publish(
            "hub.disconnect",
            Buffer.buffer(
                ForceDisconnect.newBuilder()
                    .setTenant(tenant)
                    .setUser(user)
                    .setCode(3011)
                    .build()
                    .toByteArray()));
  }

  static SdkClient.Refused catchReply(ThrowingCall call) {
    try {
      call.run();
    } catch (SdkClient.Refused e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a reply error, got " + e, e);
    }
    throw new AssertionError("expected a reply error, the call succeeded");
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  static String token(String tenant, String user, Role role) {
    return TestTokens.mint(tenant, user, role);
  }
}
