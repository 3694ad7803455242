package io.switchboard.server.ai;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.bus.AiAddresses;
import io.switchboard.server.chat.ChatFixture;
import io.switchboard.server.chat.ChatFixture.Tenant;
import io.switchboard.server.chat.SdkClient;
import io.switchboard.server.chat.SdkClient.Sub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AI agent on a node running hub, crud and ai on the embedded defaults (no chat model, the
 * in-process embedding model): a customer chatting over /ws with the Java SDK gets the best article
 * passage as a stored bot message, streamed first as notices; asking for a person hands the
 * conversation off and silences the bot; agents get assist and summaries.
 */
@DisplayName("The AI agent in chat, on embedded defaults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AiAgentTest {

  private static final String PASSWORD_BODY =
      "To reset your password, open the sign-in page and choose Forgot password. We email you a"
          + " link that is valid for 30 minutes; follow it and pick a new password of at least 12"
          + " characters.";

  @TempDir static Path dir;

  private ChatFixture node;
  private WebClient web;

  @BeforeAll
  void start() throws Exception {
    node = ChatFixture.single(dir, Map.of(), List.of("hub", "crud", "ai"));
    web = WebClient.create(node.clientVertx());
  }

  @AfterAll
  void stop() throws Exception {
    web.close();
    node.close();
  }

  /** A tenant with three published articles and the bot switched on in its inbox. */
  private Tenant tenantWithBot() throws Exception {
    Tenant t = node.tenant();
    article(t, "Resetting your password", PASSWORD_BODY);
    article(
        t,
        "Refunds",
        "You can ask for a refund within 30 days of purchase. Refunds go back to the original"
            + " payment method within 5 to 10 business days.");
    article(
        t,
        "Shipping times",
        "Orders ship within two business days. Standard delivery takes 3 to 5 days; express"
            + " delivery arrives the next business day.");
    node.patch(
        t.admin(), "/api/v1/inboxes/" + t.inbox(), new JsonObject().put("bot_enabled", true));
    return t;
  }

  private void article(Tenant t, String title, String body) throws Exception {
    node.post(
        t.admin(),
        "/api/v1/kb-articles",
        new JsonObject().put("title", title).put("body", body).put("published", true));
  }

  @Test
  @DisplayName(
      "answers a question with the best article passage, streamed, stored as a bot message")
  void answersFromKnowledgeBase() throws Exception {
    Tenant t = tenantWithBot();
    try (SdkClient customer = SdkClient.connect(node.wsUrl(0), t.customer())) {
      Sub sub = customer.subscribe(t.channel());
      sub.publish(chat("I forgot my password, how do I get a new one?"));
      List<JsonObject> seen = untilBotMessage(sub);
      JsonObject reply = seen.get(seen.size() - 1);
      assertThat(reply.getString("body"))
          .contains("Forgot password")
          .contains("Resetting your password");
      assertThat(reply.getString("client_message_id")).startsWith("ai-");
      // The reply was streamed before it was stored, under the stored message's id.
      assertThat(seen)
          .anySatisfy(
              notice -> {
                assertThat(notice.getString("type")).isEqualTo("bot.delta");
                assertThat(notice.getString("turn_id"))
                    .isEqualTo(reply.getString("client_message_id"));
              });
    }
    assertThat(node.messages(t.agent(), t.conversation()))
        .anySatisfy(m -> assertThat(m.getString("author_kind")).isEqualTo("bot"));
    JsonArray turns = awaitTurns(t, 1);
    JsonObject turn = turns.getJsonObject(0);
    assertThat(turn.getString("kind")).isEqualTo("reply");
    assertThat(turn.getString("outcome")).isEqualTo("answered");
    assertThat(turn.getString("provider")).isEqualTo("embedded");
    assertThat(turn.getString("conversation_id")).isEqualTo(t.conversation());
  }

  @Test
  @DisplayName("hands off when the customer asks for a person, and is silent there afterwards")
  void handsOffOnRequest() throws Exception {
    Tenant t = tenantWithBot();
    try (SdkClient customer = SdkClient.connect(node.wsUrl(0), t.customer())) {
      Sub sub = customer.subscribe(t.channel());
      sub.publish(chat("Can I please talk to a real person?"));
      JsonObject told = last(untilBotMessage(sub));
      assertThat(told.getString("body")).contains("member of our team");
      JsonObject conversation = node.get(t.agent(), "/api/v1/conversations/" + t.conversation());
      assertThat(conversation.getValue("handed_off_at")).isNotNull();
      sub.publish(chat("How do I reset my password?"));
      assertThat(sub.drain(3_000))
          .noneSatisfy(m -> assertThat(m.getString("author_kind")).isEqualTo("bot"));
    }
    assertThat(awaitTurns(t, 1).getJsonObject(0).getString("outcome")).isEqualTo("handoff");
  }

  @Test
  @DisplayName("hands off when no article answers, rather than inventing an answer")
  void handsOffWithoutAnswer() throws Exception {
    Tenant t = tenantWithBot();
    try (SdkClient customer = SdkClient.connect(node.wsUrl(0), t.customer())) {
      Sub sub = customer.subscribe(t.channel());
      sub.publish(chat("My espresso machine makes a strange grinding noise at night"));
      assertThat(last(untilBotMessage(sub)).getString("body")).contains("member of our team");
    }
  }

  @Test
  @DisplayName("stays quiet in inboxes without the bot, and once an agent has answered")
  void quietWithoutBotOrAfterAgent() throws Exception {
    Tenant t = tenantWithBot();
    // A conversation of the tenant's other inbox, where the bot was never switched on; the bot
    // reads the switch when the message's event arrives, so it is not toggled under it.
    String contact =
        node.get(t.admin(), "/api/v1/conversations/" + t.conversation()).getString("contact_id");
    String botless =
        node.post(
                t.admin(),
                "/api/v1/conversations",
                new JsonObject()
                    .put("inbox_id", t.otherInbox())
                    .put("contact_id", contact)
                    .put("channel", "chat"))
            .getString("id");
    node.postMessage(t.customer(), botless, "How do I reset my password?");
    node.postMessage(t.agent(), t.otherConversation(), "Hello, Ann here, how can I help?");
    node.postMessage(t.otherCustomer(), t.otherConversation(), "How do I reset my password?");
    TimeUnit.SECONDS.sleep(3);
    for (String conversation : List.of(botless, t.otherConversation())) {
      assertThat(node.messages(t.admin(), conversation))
          .noneSatisfy(m -> assertThat(m.getString("author_kind")).isEqualTo("bot"));
    }
  }

  @Test
  @DisplayName("gives agents suggestions and summaries; refuses customers, outsiders and bad ids")
  void agentAssist() throws Exception {
    Tenant t = tenantWithBot();
    node.postMessage(t.customer(), t.conversation(), "Where is my refund? I returned the shoes.");
    HttpResponse<Buffer> assist =
        call("GET", t.agent(), "/conversations/" + t.conversation() + "/assist");
    assertThat(assist.statusCode()).as(assist.bodyAsString()).isEqualTo(200);
    JsonObject body = assist.bodyAsJsonObject();
    JsonObject first = body.getJsonArray("suggestions").getJsonObject(0);
    assertThat(first.getString("kind")).isEqualTo("article");
    assertThat(first.getString("title")).isEqualTo("Refunds");
    assertThat(body.getJsonObject("sentiment").getString("label"))
        .isIn("positive", "neutral", "negative");
    assertThat(body.getJsonObject("routing").getString("reason")).isNotBlank();

    HttpResponse<Buffer> summary =
        call("POST", t.agent(), "/conversations/" + t.conversation() + "/summary");
    assertThat(summary.statusCode()).as(summary.bodyAsString()).isEqualTo(200);
    assertThat(summary.bodyAsJsonObject().getString("summary")).contains("Where is my refund?");
    assertThat(summary.bodyAsJsonObject().getString("model")).isEqualTo("embedded");

    assertThat(
            call("GET", t.customer(), "/conversations/" + t.conversation() + "/assist")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            call("GET", t.outsider(), "/conversations/" + t.conversation() + "/assist")
                .statusCode())
        .isEqualTo(404);
    assertThat(call("GET", t.agent(), "/conversations/not-a-uuid/assist").statusCode())
        .isEqualTo(400);
    assertThat(
            call("GET", t.agent(), "/conversations/" + UUID.randomUUID() + "/assist").statusCode())
        .isEqualTo(404);
    assertThat(call("GET", null, "/conversations/" + t.conversation() + "/assist").statusCode())
        .isEqualTo(401);
    // Another tenant's agent, naming this tenant's conversation, finds nothing.
    Tenant other = node.tenant();
    HttpResponse<Buffer> across =
        call("GET", other.agent(), "/conversations/" + t.conversation() + "/assist");
    assertThat(across.statusCode()).isEqualTo(404);
    assertThat(across.getHeader("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  @DisplayName("leaves a summary as a private note when a conversation is resolved, once")
  void summaryOnResolve() throws Exception {
    Tenant t = tenantWithBot();
    node.patch(
        t.admin(), "/api/v1/inboxes/" + t.inbox(), new JsonObject().put("bot_enabled", false));
    node.postMessage(t.customer(), t.conversation(), "My parcel has not arrived after a week.");
    node.postMessage(t.agent(), t.conversation(), "I have sent a new one by express.");
    String path = "/api/v1/conversations/" + t.conversation();
    node.patch(t.agent(), path, new JsonObject().put("status", "resolved"));
    JsonObject note = awaitNote(t);
    assertThat(note.getBoolean("private")).isTrue();
    assertThat(note.getString("body")).startsWith("Summary (AI): ").contains("parcel");
    // Nothing said since: a change while resolved leaves no second note.
    node.patch(t.agent(), path, new JsonObject().put("priority", "high"));
    TimeUnit.SECONDS.sleep(2);
    assertThat(notes(t)).hasSize(1);
    // The customer never sees it.
    assertThat(node.messages(t.customer(), t.conversation()))
        .noneSatisfy(m -> assertThat(m.getString("body")).startsWith("Summary (AI)"));
  }

  @Test
  @DisplayName("answers a voice turn over its event-bus contract, and refuses wrong turns")
  void voiceTurn() throws Exception {
    Tenant t = tenantWithBot();
    EventBus bus = node.node(0).vertx().eventBus();
    String replyTo = "test.voice." + UUID.randomUUID();
    BlockingQueue<JsonObject> stream = new LinkedBlockingQueue<>();
    MessageConsumer<JsonObject> consumer = bus.consumer(replyTo, m -> stream.add(m.body()));
    consumer.completion().await(5, SECONDS);
    try {
      JsonObject turn =
          new JsonObject()
              .put("tenant", t.id())
              .put("call_id", "call-1")
              .put("turn_id", "turn-1")
              .put("text", "how long does shipping take")
              .put("history", new JsonArray())
              .put("reply_to", replyTo);
      assertThat(bus.<JsonObject>request(AiAddresses.VOICE_TURN, turn).await(30, SECONDS).body())
          .isEqualTo(new JsonObject().put("accepted", true));
      StringBuilder spoken = new StringBuilder();
      JsonObject next;
      while ((next = stream.poll(30, SECONDS)) != null && !next.getBoolean("done", false)) {
        spoken.append(next.getString("delta"));
      }
      assertThat(next).isNotNull();
      assertThat(next.getBoolean("handoff")).isFalse();
      assertThat(spoken.toString()).contains("business days");

      for (JsonObject wrong :
          List.of(
              turn.copy().put("text", ""),
              turn.copy().put("tenant", "Not A Tenant"),
              turn.copy().put("history", "yesterday"),
              turn.copy().put("history", new JsonArray().add(new JsonObject().put("speaker", 1))),
              turn.copy().put("text", "x".repeat(10_001)))) {
        assertThat(failureCode(bus, wrong)).isEqualTo(400);
      }
      node.patch(
          t.admin(),
          "/api/v1/tenant",
          new JsonObject().put("modules", new JsonArray().add("chat").add("voice")));
      assertThat(failureCode(bus, turn)).isEqualTo(403);
      assertThat(
              call("GET", t.agent(), "/conversations/" + t.conversation() + "/assist").statusCode())
          .isEqualTo(403);
    } finally {
      consumer.unregister().await(5, SECONDS);
    }
  }

  @Test
  @DisplayName("hands off once the tenant's AI budget for the minute is spent")
  void budget() throws Exception {
    Tenant t = tenantWithBot();
    node.patch(
        t.admin(),
        "/api/v1/tenant",
        new JsonObject()
            .put(
                "settings",
                new JsonObject().put("ai", new JsonObject().put("requests_per_minute", 1))));
    // Budgets count per clock minute: both turns must fall in the same one.
    while (java.time.LocalTime.now(java.time.ZoneOffset.UTC).getSecond() > 40) {
      TimeUnit.SECONDS.sleep(1);
    }
    try (SdkClient customer = SdkClient.connect(node.wsUrl(0), t.customer())) {
      Sub sub = customer.subscribe(t.channel());
      sub.publish(chat("How long does shipping take?"));
      assertThat(last(untilBotMessage(sub)).getString("body")).contains("business days");
      sub.publish(chat("And how do I reset my password?"));
      assertThat(last(untilBotMessage(sub)).getString("body")).contains("member of our team");
    }
  }

  private static int failureCode(EventBus bus, JsonObject turn) throws Exception {
    try {
      bus.request(AiAddresses.VOICE_TURN, turn).await(30, SECONDS);
    } catch (ReplyException e) {
      return e.failureCode();
    }
    throw new AssertionError("the turn was accepted: " + turn);
  }

  private static JsonObject chat(String body) {
    return new JsonObject()
        .put("body", body)
        .put("client_message_id", UUID.randomUUID().toString());
  }

  /** Publications until the bot's stored message, which comes last. */
  private static List<JsonObject> untilBotMessage(Sub sub) throws InterruptedException {
    List<JsonObject> seen = new ArrayList<>();
    while (true) {
      JsonObject next = sub.next();
      seen.add(next);
      if ("message".equals(next.getString("type")) && "bot".equals(next.getString("author_kind"))) {
        return seen;
      }
    }
  }

  private static JsonObject last(List<JsonObject> seen) {
    return seen.get(seen.size() - 1);
  }

  private JsonArray awaitTurns(Tenant t, int count) throws Exception {
    long deadline = System.nanoTime() + SECONDS.toNanos(20);
    while (true) {
      JsonArray items = node.get(t.admin(), "/api/v1/ai/turns").getJsonArray("items");
      if (items.size() >= count || System.nanoTime() > deadline) {
        assertThat(items.size()).isGreaterThanOrEqualTo(count);
        return items;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private List<JsonObject> notes(Tenant t) throws Exception {
    List<JsonObject> notes = new ArrayList<>();
    for (JsonObject m : node.messages(t.agent(), t.conversation())) {
      if (m.getString("body").startsWith("Summary (AI): ")) {
        notes.add(m);
      }
    }
    return notes;
  }

  private JsonObject awaitNote(Tenant t) throws Exception {
    long deadline = System.nanoTime() + SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      List<JsonObject> notes = notes(t);
      if (!notes.isEmpty()) {
        return notes.get(0);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("no summary note in " + t.conversation());
  }

  private HttpResponse<Buffer> call(String method, String token, String path) throws Exception {
    var request =
        "GET".equals(method)
            ? web.get(node.node(0).httpPort(), "127.0.0.1", "/api/v1" + path)
            : web.post(node.node(0).httpPort(), "127.0.0.1", "/api/v1" + path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request.send().await(30, SECONDS);
  }
}
