package io.switchboard.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.TokenMinter;
import io.switchboard.server.token.DevTokenSecret;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A node on embedded services, killed with SIGKILL")
class CrashRestartTest {

  private static final Duration GONE_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;
  private Path data;
  private Path tmp;

  @BeforeEach
  void folders() throws IOException {
    data = dir.resolve("data");
    tmp = Files.createDirectories(dir.resolve("tmp"));
  }

  @Test
  @DisplayName(
      "takes its PostgreSQL and Redis with it, starts again on the same data folder with what it"
          + " acknowledged, and leaves nothing behind in the temp folder")
  void restartsAfterKill() throws Exception {
    String inbox;
    long postmaster;
    long redis;
    try (ServerProcess first = ServerProcess.start(data, tmp)) {
      first.awaitReady();
      inbox = createInbox(first.port());
      postmaster = recordedPid(data.resolve("postgres/postmaster.pid"));
      redis = recordedPid(data.resolve("redis/redis.pid"));

      first.kill();
    }

    assertThat(ServerProcess.awaitGone(postmaster, GONE_TIMEOUT)).as("PostgreSQL stopped").isTrue();
    assertThat(ServerProcess.awaitGone(redis, GONE_TIMEOUT)).as("Redis stopped").isTrue();
    try (ServerProcess second = ServerProcess.start(data, tmp)) {
      second.awaitReady();
      assertThat(readInbox(second.port(), inbox).getString("name")).isEqualTo("Survives kill -9");
    }
    assertThat(leftInTemp()).noneMatch(name -> name.startsWith("redis-") || name.endsWith(".conf"));
  }

  @Test
  @DisplayName(
      "together with its watchdog: the next start stops the PostgreSQL and Redis it left and comes"
          + " up with the data")
  void nextStartStopsLeftovers() throws Exception {
    String inbox;
    long postmaster;
    long redis;
    try (ServerProcess first = ServerProcess.start(data, tmp)) {
      first.awaitReady();
      inbox = createInbox(first.port());
      postmaster = recordedPid(data.resolve("postgres/postmaster.pid"));
      redis = recordedPid(data.resolve("redis/redis.pid"));
      List<ProcessHandle> watchdogs =
          first.children().stream()
              .filter(
                  child ->
                      child.info().arguments().stream()
                          .flatMap(Stream::of)
                          .anyMatch("switchboard-watchdog"::equals))
              .toList();
      assertThat(watchdogs).hasSize(1);

      watchdogs.get(0).destroyForcibly();
      assertThat(watchdogs.get(0).onExit().get().isAlive()).isFalse();
      first.kill();
    }
    assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive))
        .as("the dead node's PostgreSQL still runs")
        .contains(true);

    try (ServerProcess second = ServerProcess.start(data, tmp)) {
      second.awaitReady();
      assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive))
          .as("the dead node's PostgreSQL")
          .isEmpty();
      assertThat(ProcessHandle.of(redis).filter(ProcessHandle::isAlive))
          .as("the dead node's Redis")
          .isEmpty();
      assertThat(readInbox(second.port(), inbox).getString("name")).isEqualTo("Survives kill -9");
      assertThat(second.output()).contains("left running");
    }
  }

  @Test
  @DisplayName(
      "is not mistaken for a dead one: a second node on its data folder stops with one line"
          + " naming it, and the first keeps serving")
  void secondNodeOnSameFolderIsRefused() throws Exception {
    try (ServerProcess first = ServerProcess.start(data, tmp)) {
      first.awaitReady();
      try (ServerProcess second = ServerProcess.start(data, tmp)) {
        assertThat(second.awaitExit(ServerProcess.START_TIMEOUT)).isEqualTo(1);
        assertThat(second.output().strip())
            .isEqualTo(
                "Switchboard could not start: the data folder "
                    + data
                    + " is in use by another running Switchboard node (pid "
                    + first.pid()
                    + "); stop it first, or give this node its own node.data-dir");
      }
      HttpResponse<String> ready =
          http.send(request(first.port(), "/health/ready").build(), bodyAsString());
      assertThat(ready.statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName(
      "killed during a burst of messages: after the restart every acknowledged message is stored,"
          + " once, and the offsets run 1..N without a gap")
  void acknowledgedMessagesSurviveKill() throws Exception {
    String conversation;
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    try (ServerProcess first = ServerProcess.start(data, tmp)) {
      first.awaitReady();
      int port = first.port();
      String inbox = createInbox(port);
      String contact =
          post(port, "/api/v1/contacts", new JsonObject().put("name", "Burst")).getString("id");
      conversation =
          post(
                  port,
                  "/api/v1/conversations",
                  new JsonObject()
                      .put("inbox_id", inbox)
                      .put("contact_id", contact)
                      .put("channel", "chat"))
              .getString("id");
      // 64 in flight, as a busy hub would have them; the kill lands amid the burst.
      Semaphore inFlight = new Semaphore(64);
      for (int n = 0; acknowledged.size() < 400; n++) {
        assertThat(n).as("sent without 400 acknowledged").isLessThan(20_000);
        inFlight.acquire();
        String clientId = "burst-" + n;
        HttpRequest message =
            request(port, "/api/v1/conversations/" + conversation + "/messages")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("body", "message " + n)
                            .put("client_message_id", clientId)
                            .encode()))
                .build();
        http.sendAsync(message, bodyAsString())
            .whenComplete(
                (response, failure) -> {
                  if (response != null && response.statusCode() == 201) {
                    acknowledged.add(clientId);
                  }
                  inFlight.release();
                });
      }
      first.kill();
    }
    Set<String> before = Set.copyOf(acknowledged);

    try (ServerProcess second = ServerProcess.start(data, tmp)) {
      second.awaitReady();
      List<String> stored = new ArrayList<>();
      long expected = 1;
      for (boolean more = true; more; ) {
        JsonObject page =
            get(
                second.port(),
                "/api/v1/conversations/"
                    + conversation
                    + "/messages?limit=100&after_offset="
                    + (expected - 1));
        JsonArray items = page.getJsonArray("items");
        for (int i = 0; i < items.size(); i++) {
          JsonObject message = items.getJsonObject(i);
          assertThat(message.getLong("offset")).as("offsets without a gap").isEqualTo(expected++);
          stored.add(message.getString("client_message_id"));
        }
        more = items.size() == 100;
      }
      assertThat(stored).doesNotHaveDuplicates().containsAll(before);
    }
  }

  private JsonObject post(int port, String path, JsonObject body) throws Exception {
    HttpResponse<String> created =
        http.send(
            request(port, path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build(),
            bodyAsString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body());
  }

  private JsonObject get(int port, String path) throws Exception {
    HttpResponse<String> read = http.send(request(port, path).build(), bodyAsString());
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    return new JsonObject(read.body());
  }

  private String createInbox(int port) throws Exception {
    HttpResponse<String> created =
        http.send(
            request(port, "/api/v1/inboxes")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("name", "Survives kill -9")
                            .put("channel", "chat")
                            .encode()))
                .build(),
            bodyAsString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("id");
  }

  private JsonObject readInbox(int port, String id) throws Exception {
    HttpResponse<String> read =
        http.send(request(port, "/api/v1/inboxes/" + id).build(), bodyAsString());
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    return new JsonObject(read.body());
  }

  private HttpRequest.Builder request(int port, String path) {
    String secret = DevTokenSecret.existing(data.toString()).orElseThrow();
    String token =
        TokenMinter.mint(
            secret, "acme", "admin-1", Set.of(Role.ADMIN), Duration.ofHours(1), "", "");
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token);
  }

  private static HttpResponse.BodyHandler<String> bodyAsString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static long recordedPid(Path pidFile) throws IOException {
    return Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
  }

  private List<String> leftInTemp() throws IOException {
    try (Stream<Path> entries = Files.list(tmp)) {
      return entries.map(entry -> entry.getFileName().toString()).toList();
    }
  }
}
