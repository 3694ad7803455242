package io.switchboard.server.voice;

import static io.switchboard.server.voice.VoiceFixture.rms;
import static io.switchboard.server.voice.VoiceFixture.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A call on one node of a cluster, listened to and taken over from another")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceClusterTest {

  @TempDir static Path dir;

  private VoiceFixture voice;

  @BeforeAll
  void start() throws Exception {
    voice = VoiceFixture.cluster(dir, Map.of());
  }

  @AfterAll
  void stop() throws Exception {
    voice.close();
  }

  @Test
  @DisplayName(
      "The agent's console on node B hears the call on node A, sees its transcript, takes it over and is heard by the caller")
  void monitorAcrossNodes() throws Exception {
    String tenant = voice.tenant();
    try (ProviderStream call = new ProviderStream(voice.client()).connect(voice.port(0));
        MonitorClient agent = new MonitorClient(voice.client())) {
      call.start(tenant, service(tenant));
      String callId = voice.liveCall(tenant);
      agent.open(
          voice.port(1),
          "/voice/monitor/" + callId,
          TestTokens.mint(tenant, "agent-1", Role.AGENT));
      agent.await(e -> "attached".equals(e.getString("type")), 20);
      call.speak(voice.telephony("I need help with my account."));
      agent.await(
          e ->
              "transcript".equals(e.getString("type"))
                  && "contact".equals(e.getJsonObject("segment").getString("speaker")),
          30);
      agent.await(e -> "handoff".equals(e.getString("type")), 30);
      assertThat(agent.audio()).anyMatch(frame -> frame.getByte(0) == 0 && frame.length() == 641);

      agent.send(new JsonObject().put("type", "takeover"));
      agent.await(e -> "takeover".equals(e.getString("type")) && e.getBoolean("ok", false), 10);
      int before = call.replyFrames().size();
      agent.speakTone(25);
      List<short[]> heard = call.awaitReplyFrames(before, 20, 10);
      assertThat(heard.size()).isGreaterThanOrEqualTo(20);
      assertThat(rms(heard)).isGreaterThan(2000);
      call.stop();
      assertThat(agent.awaitClose(10)).isEqualTo(1000);
    }
  }
}
