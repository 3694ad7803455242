package io.switchboard.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A node that stops")
class ChatShutdownTest {

  @TempDir Path dir;

  @Test
  @DisplayName("closes its chat connections with 3001, so clients reconnect elsewhere")
  void closesWithShutdown() throws Exception {
    try (ChatFixture hub = ChatFixture.single(dir, Map.of())) {
      ChatFixture.Tenant t = hub.tenant();
      RawSocket client = RawSocket.connected(hub.clientVertx(), hub.node(0).httpPort(), t.agent());
      client.call(2, "subscribe", new JsonObject().put("channel", t.channel()));

      hub.node(0).close().await(60, TimeUnit.SECONDS);

      assertThat(client.closeCode()).isEqualTo(3001);
    }
  }
}
