package io.switchboard.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.fanout.ChannelBus;
import io.switchboard.hub.fanout.Deliveries;
import io.switchboard.server.chat.SdkClient.Sub;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Delivery in a cluster of three nodes")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterDeliveryTest {

  private static final int NODES = 3;

  @TempDir static Path dir;

  private ChatFixture hub;

  @BeforeAll
  void start() throws Exception {
    hub = ChatFixture.cluster(dir, Map.of(), List.of("hub", "crud"), NODES);
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  @Test
  @DisplayName(
      "a publication travels on the bus only to the node with subscribers of its channel, once;"
          + " the node stops listening when its last subscriber leaves")
  void onlyToNodesWithSubscribers() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String address = ChannelBus.address(t.id(), t.channel());
    List<AtomicInteger> received = new ArrayList<>();
    List<Handler<DeliveryContext<Object>>> counters = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      AtomicInteger count = new AtomicInteger();
      received.add(count);
      Handler<DeliveryContext<Object>> counter =
          delivery -> {
            // Publications only: joins and leaves travel to the same address.
            if (delivery.message().address().equals(address)
                && delivery.message().body() instanceof Buffer body
                && Deliveries.offset(Deliveries.parse(body)) > 0) {
              count.incrementAndGet();
            }
            delivery.next();
          };
      counters.add(counter);
      bus(i).addInboundInterceptor(counter);
    }
    try (SdkClient sender = SdkClient.connect(hub.wsUrl(2), t.agent())) {
      try (SdkClient customer = SdkClient.connect(hub.wsUrl(0), t.customer())) {
        Sub sub = customer.subscribe(t.channel());
        for (int i = 0; i < 5; i++) {
          send(sender, t, "m" + i);
        }
        assertThat(sub.next(5))
            .extracting(m -> m.getString("body"))
            .containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(sub.drain(300)).isEmpty();
        assertThat(received)
            .as("publications received by nodes 0, 1 and 2")
            .extracting(AtomicInteger::get)
            .containsExactly(5, 0, 0);
      }
      // The customer is gone: node 0 stops listening on the channel's address across the cluster.
      Thread.sleep(1_000);
      for (int i = 0; i < 3; i++) {
        send(sender, t, "nobody listens " + i);
      }
      assertThat(hub.messages(t.admin(), t.conversation())).hasSize(8);
      Thread.sleep(500);
      assertThat(received)
          .as("publications received by nodes 0, 1 and 2 once nobody is subscribed")
          .extracting(AtomicInteger::get)
          .containsExactly(5, 0, 0);
    } finally {
      for (int i = 0; i < NODES; i++) {
        bus(i).removeInboundInterceptor(counters.get(i));
      }
    }
  }

  private EventBus bus(int node) {
    return hub.node(node).vertx().eventBus();
  }

  private static void send(SdkClient client, ChatFixture.Tenant t, String body) throws Exception {
    client.rpc("send", new JsonObject().put("channel", t.channel()).put("body", body));
  }
}
