package io.switchboard.server.voice;

import static io.switchboard.server.voice.VoiceFixture.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Voice limits: calls per tenant, timeouts, a tenant without voice, a stopping node")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceLimitsTest {

  @TempDir static Path dir;

  private VoiceFixture voice;

  @BeforeAll
  void start() throws Exception {
    voice =
        VoiceFixture.start(
            dir,
            Map.of(
                "switchboard.voice.max-calls-per-tenant", "1",
                "switchboard.voice.start-timeout-ms", "1000",
                "switchboard.voice.idle-timeout-ms", "1500",
                "switchboard.voice.stt.engine", "off",
                "switchboard.voice.tts.engine", "off"));
  }

  @AfterAll
  void stop() throws Exception {
    voice.close();
  }

  @Test
  @DisplayName(
      "A tenant at its call limit is refused with 4429 while another tenant's call goes through; the place comes back when the call ends")
  void tenantLimit() throws Exception {
    String tenant = voice.tenant();
    String other = voice.tenant();
    try (ProviderStream first = new ProviderStream(voice.client()).connect(voice.port());
        ProviderStream second = new ProviderStream(voice.client()).connect(voice.port());
        ProviderStream elsewhere = new ProviderStream(voice.client()).connect(voice.port())) {
      first.start(tenant, service(tenant));
      voice.liveCall(tenant);
      second.start(tenant, service(tenant));
      assertThat(second.awaitClose(10)).isEqualTo(4429);
      elsewhere.start(other, service(other));
      voice.liveCall(other);
      assertThat(elsewhere.isClosed()).isFalse();
      first.stop();
      assertThat(first.awaitClose(10)).isEqualTo(1000);
    }
    voice.endedCall(tenant);
    try (ProviderStream again = new ProviderStream(voice.client()).connect(voice.port())) {
      again.start(tenant, service(tenant));
      JsonArray live = new JsonArray();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (live.isEmpty() && System.nanoTime() < deadline) {
        live =
            voice
                .node
                .get(VoiceFixture.admin(tenant), "/api/v1/calls?state=in-progress")
                .getJsonArray("items");
      }
      assertThat(live).hasSize(1);
      assertThat(again.isClosed()).isFalse();
    }
  }

  @Test
  @DisplayName(
      "A stream that never starts is closed with 4408; a line that goes silent ends the call with 4408 and the call is stored as ended")
  void timeouts() throws Exception {
    try (ProviderStream idle = new ProviderStream(voice.client()).connect(voice.port())) {
      assertThat(idle.awaitClose(10)).isEqualTo(4408);
    }
    String tenant = voice.tenant();
    try (ProviderStream dead = new ProviderStream(voice.client()).connect(voice.port())) {
      dead.start(tenant, service(tenant));
      voice.liveCall(tenant);
      dead.pauseMedia();
      assertThat(dead.awaitClose(10)).isEqualTo(4408);
    }
    assertThat(voice.endedCall(tenant).getString("state")).isEqualTo("ended");
  }

  @Test
  @DisplayName("A tenant that switched voice off is refused with 4003")
  void voiceOff() throws Exception {
    String tenant = voice.tenant();
    voice.node.patch(
        VoiceFixture.admin(tenant),
        "/api/v1/tenant",
        new JsonObject().put("modules", new JsonArray().add("chat")));
    try (ProviderStream call = new ProviderStream(voice.client()).connect(voice.port())) {
      call.start(tenant, service(tenant));
      assertThat(call.awaitClose(10)).isEqualTo(4003);
    }
    try (MonitorClient browser = new MonitorClient(voice.client())) {
      browser.open(voice.port(), "/voice/browser", TestTokens.mint(tenant, "c-1", Role.CUSTOMER));
      assertThat(browser.awaitClose(10)).isEqualTo(4003);
    }
  }
}
