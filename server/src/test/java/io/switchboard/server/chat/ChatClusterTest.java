package io.switchboard.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.server.chat.SdkClient.Sub;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Chat across two clustered nodes")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatClusterTest {

  @TempDir static Path dir;

  private ChatFixture hub;

  @BeforeAll
  void start() throws Exception {
    hub = ChatFixture.cluster(dir, Map.of());
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  @Test
  @DisplayName(
      "messages published on either node reach subscribers on both, each offset once, in order")
  void deliveryAcrossNodes() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String supervisor = TestTokens.mint(t.id(), "lead-1", Role.SUPERVISOR);
    try (SdkClient customer = SdkClient.connect(hub.wsUrl(0), t.customer());
        SdkClient agent = SdkClient.connect(hub.wsUrl(1), t.agent());
        SdkClient watcherA = SdkClient.connect(hub.wsUrl(0), supervisor);
        SdkClient watcherB = SdkClient.connect(hub.wsUrl(1), supervisor)) {
      Sub customerSub = customer.subscribe(t.channel());
      Sub agentSub = agent.subscribe(t.channel());
      Sub watchA = watcherA.subscribe(t.channel());
      Sub watchB = watcherB.subscribe(t.channel());

      customerSub.publish(new JsonObject().put("body", "from node A"));
      assertThat(agentSub.next().getString("body")).isEqualTo("from node A");
      agentSub.publish(new JsonObject().put("body", "from node B"));
      assertThat(customerSub.next(2))
          .extracting(m -> m.getString("body"))
          .containsExactly("from node A", "from node B");
      assertThat(agentSub.next().getString("body")).isEqualTo("from node B");

      // Both nodes publish at once: every subscriber still sees 3..22 once each, in order.
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int n = i;
        sends.add(CompletableFuture.runAsync(() -> send(customer, t, "a" + n)));
        sends.add(CompletableFuture.runAsync(() -> send(agent, t, "b" + n)));
      }
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
      List<Long> expected = LongStream.rangeClosed(1, 22).boxed().toList();
      for (Sub sub : List.of(watchA, watchB)) {
        assertThat(sub.next(22))
            .extracting(m -> m.getLong("_offset"))
            .containsExactlyElementsOf(expected);
        assertThat(sub.drain(200)).isEmpty();
      }
      assertThat(hub.messages(t.admin(), t.conversation())).hasSize(22);
    }
  }

  @Test
  @DisplayName(
      "a node whose crud consumers stop answering (as a dying node's do) delays no message sent"
          + " through the other node")
  void crudRequestsStayOnTheirNode() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    EventBus busB = hub.node(1).vertx().eventBus();
    // Node B takes crud requests and never answers them, like a node in the moment it dies.
    Handler<DeliveryContext<Object>> swallowCrud =
        delivery -> {
          if (!delivery.message().address().startsWith("crud.")) {
            delivery.next();
          }
        };
    busB.addInboundInterceptor(swallowCrud);
    try (SdkClient customer = SdkClient.connect(hub.wsUrl(0), t.customer())) {
      Sub sub = customer.subscribe(t.channel());
      for (int i = 0; i < 6; i++) {
        sub.publish(new JsonObject().put("body", "stays on node A " + i));
      }
      assertThat(sub.next(6))
          .extracting(m -> m.getString("body"))
          .containsExactly(
              "stays on node A 0",
              "stays on node A 1",
              "stays on node A 2",
              "stays on node A 3",
              "stays on node A 4",
              "stays on node A 5");
    } finally {
      busB.removeInboundInterceptor(swallowCrud);
    }
  }

  private static void send(SdkClient client, ChatFixture.Tenant t, String body) {
    try {
      client.rpc("send", new JsonObject().put("channel", t.channel()).put("body", body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("presence and agents' availability are the same seen from either node")
  void presenceAndAvailabilityAcrossNodes() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String supervisor = TestTokens.mint(t.id(), "lead-1", Role.SUPERVISOR);
    try (SdkClient lead = SdkClient.connect(hub.wsUrl(1), supervisor);
        SdkClient customer = SdkClient.connect(hub.wsUrl(1), t.customer())) {
      Sub tenantFeed = lead.subscribe("tenant");
      Sub customerSub = customer.subscribe(t.channel());
      SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent());
      try {
        agent.subscribe(t.channel());
        JsonObject online = tenantFeed.next();
        assertThat(online.getString("type")).isEqualTo("availability");
        assertThat(online.getString("user")).isEqualTo("agent-1");
        assertThat(online.getString("status")).isEqualTo("online");

        JsonObject stats = customerSub.presenceStats();
        assertThat(stats.getInteger("num_users")).isEqualTo(2);
        assertThat(customerSub.presenceUsers()).containsExactlyInAnyOrder("agent-1", "customer-1");

        JsonObject agents = lead.rpc("agents", new JsonObject());
        assertThat(
                agents.getJsonArray("agents").stream()
                    .map(a -> (JsonObject) a)
                    .filter(a -> a.getString("user").equals("agent-1"))
                    .map(a -> a.getString("status")))
            .containsExactly("online");

        agent.rpc("availability", new JsonObject().put("status", "busy"));
        assertThat(tenantFeed.next().getString("status")).isEqualTo("busy");
      } finally {
        agent.close();
      }
      JsonObject away = tenantFeed.next();
      assertThat(away.getString("user")).isEqualTo("agent-1");
      assertThat(away.getString("status")).isEqualTo("away");
      long until = System.currentTimeMillis() + 5_000;
      while (customerSub.presenceUsers().size() > 1 && System.currentTimeMillis() < until) {
        Thread.sleep(50);
      }
      assertThat(customerSub.presenceUsers()).containsExactly("customer-1");
    }
  }
}
