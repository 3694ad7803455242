package io.switchboard.platform.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.bus.BusCodecs;
import io.switchboard.platform.bus.Envelopes;
import io.switchboard.platform.config.ClusterConfig;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Clustered event bus")
class ClusteredEventBusTest {

  private static final String HOST = "127.0.0.1";

  /** Generous: a Hazelcast member needs seconds to start, more on a loaded build machine. */
  private static final int TIMEOUT_SECONDS = 60;

  /** Subscriptions reach the other member's routing table shortly after they complete locally. */
  private static final long REPUBLISH_MILLIS = 200;

  /** How long a member of another cluster gets to (wrongly) receive an event after the control. */
  private static final long ISOLATION_WINDOW_MILLIS = 3_000;

  // A fresh name per run, so parallel builds on one machine never join each other's cluster.
  private final String clusterName = "switchboard-test-" + UUID.randomUUID();
  private Vertx nodeA;
  private Vertx nodeB;
  private int portA;

  @BeforeAll
  void startTwoMembers() throws Exception {
    portA = freePort();
    int portB = freePort();
    // One after the other: started together, both could find no one and form two clusters.
    nodeA = start(new ClusterConfig(true, clusterName, HOST, portA, member(portB), false));
    nodeB = start(new ClusterConfig(true, clusterName, HOST, portB, member(portA), false));
  }

  @AfterAll
  void stopMembers() throws Exception {
    for (Vertx node : new Vertx[] {nodeB, nodeA}) {
      if (node != null) {
        node.close().await(TIMEOUT_SECONDS, SECONDS);
      }
    }
  }

  @Test
  @DisplayName(
      "an event published on node A reaches a subscriber on node B with every field intact")
  void publishFromAToB() throws Exception {
    EventEnvelope sent = Envelopes.conversationOpened();

    EventEnvelope received =
        deliver(nodeA, nodeB, freshAddress(), sent).await(TIMEOUT_SECONDS, SECONDS);

    assertThat(received).isEqualTo(sent);
  }

  @Test
  @DisplayName(
      "an event published on node B reaches a subscriber on node A with every field intact")
  void publishFromBToA() throws Exception {
    EventEnvelope sent = Envelopes.conversationOpened().toBuilder().setType("message.sent").build();

    EventEnvelope received =
        deliver(nodeB, nodeA, freshAddress(), sent).await(TIMEOUT_SECONDS, SECONDS);

    assertThat(received).isEqualTo(sent);
  }

  @Test
  @DisplayName("a node configured with another cluster name never receives the cluster's events")
  void otherClusterIsolated() throws Exception {
    String address = freshAddress();
    // The outsider lists node A, so it really knocks on the cluster's door and is turned away.
    Vertx outsider =
        start(new ClusterConfig(true, clusterName + "-other", HOST, 0, member(portA), false));
    try {
      AtomicInteger strayDeliveries = new AtomicInteger();
      outsider
          .eventBus()
          .consumer(address, message -> strayDeliveries.incrementAndGet())
          .completion()
          .await(TIMEOUT_SECONDS, SECONDS);

      // The control proves the event was published on the path the outsider would share.
      deliver(nodeA, nodeB, address, Envelopes.conversationOpened())
          .await(TIMEOUT_SECONDS, SECONDS);
      nodeA.timer(ISOLATION_WINDOW_MILLIS).await(TIMEOUT_SECONDS, SECONDS);

      assertThat(strayDeliveries).hasValue(0);
    } finally {
      outsider.close().await(TIMEOUT_SECONDS, SECONDS);
    }
  }

  /**
   * Subscribes on {@code to}, then publishes from {@code from} until the subscriber has the event:
   * a completed subscription is in the cluster's registry, but the publisher learns of it a moment
   * later.
   */
  private static Future<EventEnvelope> deliver(
      Vertx from, Vertx to, String address, EventEnvelope envelope) {
    Promise<EventEnvelope> received = Promise.promise();
    MessageConsumer<EventEnvelope> consumer =
        to.eventBus().consumer(address, message -> received.tryComplete(message.body()));
    return consumer
        .completion()
        .compose(
            registered -> {
              long republish =
                  from.setPeriodic(
                      0, REPUBLISH_MILLIS, tick -> from.eventBus().publish(address, envelope));
              return received
                  .future()
                  .eventually(
                      () -> {
                        from.cancelTimer(republish);
                        return consumer.unregister();
                      });
            });
  }

  private static Vertx start(ClusterConfig cluster) throws Exception {
    return HazelcastClusterFactory.clusteredVertx(new VertxOptions(), cluster)
        .map(BusCodecs::register)
        .await(TIMEOUT_SECONDS, SECONDS);
  }

  private static List<String> member(int port) {
    return List.of(HOST + ":" + port);
  }

  private static String freshAddress() {
    return "platform.test." + UUID.randomUUID();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
      return socket.getLocalPort();
    }
  }
}
