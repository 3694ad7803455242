package io.switchboard.server.chat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Replies and pushes keep their order on one connection under load")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplyPushOrderTest {

  private static final int PUBLISHERS = 8;
  private static final int ROUNDS = 25;
  private static final int PUSHES_PER_ROUND = 20;

  @TempDir static Path dir;

  private ChatFixture hub;
  private WebClient web;

  @BeforeAll
  void start() throws Exception {
    hub =
        ChatFixture.single(
            dir,
            Map.of(
                "switchboard.hub.api-publish-burst", "1000000",
                "switchboard.hub.api-publish-per-second", "1000000"));
    web = WebClient.create(hub.clientVertx());
  }

  @AfterAll
  void stop() throws Exception {
    web.close();
    hub.close();
  }

  @Test
  @DisplayName(
      "while a channel is flooded, a client subscribes and unsubscribes again and again: no push"
          + " before the subscribe reply or after the unsubscribe reply, and the pushes in between"
          + " continue the reply's offset one by one")
  void subscribeAndUnsubscribeUnderFlood() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    String channel = "user:agent-1";
    String service = TestTokens.mint(t.id(), "integration-1", Role.SERVICE);
    AtomicBoolean flooding = new AtomicBoolean(true);
    AtomicInteger published = new AtomicInteger();
    AtomicReference<String> failure = new AtomicReference<>();
    List<Future<Void>> publishers = new ArrayList<>();
    for (int i = 0; i < PUBLISHERS; i++) {
      publishers.add(publishUntilStopped(service, channel, flooding, published, failure));
    }
    try (RawSocket raw =
        RawSocket.connected(hub.clientVertx(), hub.node(0).httpPort(), t.agent())) {
      int id = 2;
      for (int round = 0; round < ROUNDS; round++) {
        raw.send(
            new JsonObject()
                .put("id", id)
                .put("subscribe", new JsonObject().put("channel", channel)));
        JsonObject reply = untilReply(raw, id++, channel, "before its subscribe reply");
        assertThat(reply.containsKey("subscribe")).as(reply.encode()).isTrue();
        long offset = reply.getJsonObject("subscribe").getLong("offset", 0L);
        for (int n = 0; n < PUSHES_PER_ROUND; n++) {
          JsonObject push = raw.next().getJsonObject("push");
          assertThat(push).as("a push after the subscribe reply").isNotNull();
          assertThat(push.getString("channel")).isEqualTo(channel);
          assertThat(push.getJsonObject("pub").getLong("offset")).isEqualTo(++offset);
        }
        raw.send(
            new JsonObject()
                .put("id", id)
                .put("unsubscribe", new JsonObject().put("channel", channel)));
        // Pushes written before the unsubscribe reply are still this subscription's, in order.
        while (true) {
          JsonObject next = raw.next();
          if (next.getInteger("id", 0) == id) {
            assertThat(next.containsKey("unsubscribe")).as(next.encode()).isTrue();
            break;
          }
          assertThat(next.getJsonObject("push").getJsonObject("pub").getLong("offset"))
              .isEqualTo(++offset);
        }
        id++;
      }
    } finally {
      flooding.set(false);
      Future.join(publishers).await(ChatFixture.TIMEOUT_SECONDS, SECONDS);
    }
    assertThat(failure.get()).isNull();
    assertThat(published.get()).isGreaterThan(ROUNDS * PUSHES_PER_ROUND);
  }

  /** Reads up to the reply {@code id}; a push of {@code channel} met first fails the test. */
  private static JsonObject untilReply(RawSocket raw, int id, String channel, String when)
      throws InterruptedException {
    while (true) {
      JsonObject next = raw.next();
      if (next.getInteger("id", 0) == id) {
        return next;
      }
      assertThat(next.getJsonObject("push"))
          .as("a push of " + channel + " " + when + ": " + next.encode())
          .isNull();
    }
  }

  /**
   * Publishes one request after another until {@code flooding} is off. Each request is started from
   * the previous one's callback and all of them complete one promise: composing each onto the next
   * would chain a future per request, and a chain of thousands completes by recursion, link by
   * link.
   */
  private Future<Void> publishUntilStopped(
      String token,
      String channel,
      AtomicBoolean flooding,
      AtomicInteger published,
      AtomicReference<String> failure) {
    Promise<Void> stopped = Promise.promise();
    publishNext(token, channel, flooding, published, failure, stopped);
    return stopped.future();
  }

  private void publishNext(
      String token,
      String channel,
      AtomicBoolean flooding,
      AtomicInteger published,
      AtomicReference<String> failure,
      Promise<Void> stopped) {
    if (!flooding.get()) {
      stopped.complete();
      return;
    }
    web.post(hub.node(0).httpPort(), "127.0.0.1", "/api/v1/hub/publish")
        .bearerTokenAuthentication(token)
        .sendJsonObject(
            new JsonObject()
                .put("channel", channel)
                .put("data", new JsonObject().put("n", published.get())))
        .onComplete(
            sent -> {
              if (sent.failed()) {
                failure.compareAndSet(null, sent.cause().toString());
                stopped.complete();
              } else if (sent.result().statusCode() != 200) {
                failure.compareAndSet(
                    null, sent.result().statusCode() + " " + sent.result().bodyAsString());
                stopped.complete();
              } else {
                published.incrementAndGet();
                publishNext(token, channel, flooding, published, failure, stopped);
              }
            });
  }
}
