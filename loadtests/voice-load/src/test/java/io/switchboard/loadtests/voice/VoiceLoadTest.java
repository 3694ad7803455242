package io.switchboard.loadtests.voice;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.config.ConfigLoader;
import io.switchboard.platform.config.SwitchboardConfig;
import io.switchboard.platform.testing.TestServices;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.server.NodeLauncher;
import io.switchboard.server.RunningNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Telephony load client against a real node")
class VoiceLoadTest {

  private static final int STREAMS = 20;

  @TempDir Path dir;
  private RunningNode node;
  private Vertx client;

  @BeforeEach
  void startNode() throws Exception {
    Map<String, String> props = new HashMap<>();
    props.put("switchboard.node.data-dir", dir.resolve("data").toString());
    props.put("switchboard.http.port", "0");
    props.put("switchboard.http.host", "127.0.0.1");
    props.put("switchboard.http.instances", "1");
    props.put("switchboard.postgres.url", TestServices.postgresUrl());
    props.put("switchboard.redis.url", TestServices.redisUrl());
    props.put("switchboard.auth.hmac-secret", TestTokens.SECRET);
    props.put("switchboard.voice.stt.engine", "off");
    props.put("switchboard.voice.tts.engine", "off");
    props.put("switchboard.voice.recording-dir", dir.resolve("recordings").toString());
    SwitchboardConfig config =
        new ConfigLoader()
            .load(Optional.empty(), props, Map.of())
            .withRoles(List.of("hub", "crud", "voice"));
    node = NodeLauncher.launch(config).await(60, SECONDS);
    client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close().await(10, SECONDS);
    }
    if (node != null) {
      node.close().await(30, SECONDS);
    }
  }

  @Test
  @Timeout(90)
  @DisplayName(
      "20 streams for 5 s: every stream connects and is carried, frames reach the node, which"
          + " counts them, nothing is refused, and the summary is written")
  void carriesEveryStream() throws Exception {
    Path json = dir.resolve("summary.json");
    LoadSettings settings =
        LoadSettings.parse(
            "--url",
            "http://127.0.0.1:" + node.httpPort(),
            "--streams",
            Integer.toString(STREAMS),
            "--ramp-seconds",
            "1",
            "--seconds",
            "5",
            "--tenant",
            "vload-" + UUID.randomUUID().toString().substring(0, 8),
            "--secret",
            TestTokens.SECRET,
            "--label",
            "test",
            "--json",
            json.toString());

    RunResult result = VoiceLoad.run(client, settings).await(80, SECONDS);
    Files.writeString(json, result.json().encodePrettily());
    System.out.println(result.line());

    assertThat(result.get("connected")).isEqualTo(STREAMS);
    assertThat(result.get("refused")).isEqualTo(0L);
    assertThat(result.get("close_codes")).isEqualTo("none");
    assertThat((Long) result.get("frames_sent")).isPositive();
    assertThat((Double) result.get("server_frames")).isPositive();
    assertThat((Double) result.get("server_calls_active")).isEqualTo(STREAMS);
    assertThat((Double) result.get("server_delay_p99_ms")).isNotNaN();
    assertThat(result.get("closed_after_hangup")).isEqualTo((long) STREAMS);
    JsonObject summary = new JsonObject(Files.readString(json));
    assertThat(summary.getInteger("connected")).isEqualTo(STREAMS);
    assertThat(result.line()).startsWith("RESULT mode=capacity label=test streams=20");
  }

  @Test
  @DisplayName("a node that is not there: the run fails with the reason, it does not hang")
  void noNode() {
    LoadSettings settings =
        LoadSettings.parse("--url", "http://127.0.0.1:1", "--secret", "s", "--streams", "1");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> VoiceLoad.run(client, settings).await(60, SECONDS))
        .hasMessageContaining("Connection refused");
  }

  @Test
  @DisplayName("every streams run reads its URL as given")
  void url() {
    LoadSettings settings = LoadSettings.parse("--url", "http://127.0.0.1:18100", "--secret", "s");
    assertThat(settings.url()).isEqualTo(URI.create("http://127.0.0.1:18100"));
    assertThat(settings.port()).isEqualTo(18100);
  }
}
