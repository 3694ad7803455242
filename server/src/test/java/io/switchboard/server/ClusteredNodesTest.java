package io.switchboard.server;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.bus.Envelopes;
import io.switchboard.platform.config.ClusterConfig;
import io.switchboard.platform.config.SwitchboardConfig;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Two nodes started with --cluster")
class ClusteredNodesTest {

  private static final String HOST = "127.0.0.1";
  private static final int TIMEOUT_SECONDS = 60;

  /** A subscription reaches the other member's routing table shortly after it completes locally. */
  private static final long REPUBLISH_MILLIS = 200;

  @TempDir Path dir;

  private SwitchboardConfig clustered(String name, Path dataDir, int port, int otherPort) {
    return NodeFixture.config(dataDir, Map.of())
        .withRoles(List.of("hub"))
        .withCluster(
            new ClusterConfig(true, name, HOST, port, List.of(HOST + ":" + otherPort), false));
  }

  @Test
  @DisplayName("form one event bus: an event published on one node reaches a consumer on the other")
  void eventCrossesNodes() throws Exception {
    String name = "switchboard-test-" + UUID.randomUUID(); // never joins a parallel build's cluster
    int portA = freePort();
    int portB = freePort();
    RunningNode a = NodeLauncher.launch(clustered(name, dir.resolve("a"), portA, portB)).await();
    RunningNode b = null;
    try {
      b = NodeLauncher.launch(clustered(name, dir.resolve("b"), portB, portA)).await();
      String address = "test.event." + UUID.randomUUID();
      Promise<EventEnvelope> received = Promise.promise();
      MessageConsumer<EventEnvelope> consumer =
          b.vertx().eventBus().consumer(address, m -> received.tryComplete(m.body()));
      consumer.completion().await(TIMEOUT_SECONDS, SECONDS);

      EventEnvelope sent = Envelopes.conversationOpened();
      long timer =
          a.vertx()
              .setPeriodic(0, REPUBLISH_MILLIS, t -> a.vertx().eventBus().publish(address, sent));
      try {
        assertThat(received.future().await(TIMEOUT_SECONDS, SECONDS)).isEqualTo(sent);
      } finally {
        a.vertx().cancelTimer(timer);
      }
    } finally {
      if (b != null) {
        b.close().await(TIMEOUT_SECONDS, SECONDS);
      }
      a.close().await(TIMEOUT_SECONDS, SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
