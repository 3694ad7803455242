package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.crud.CrudClient;
import io.switchboard.platform.error.Conflict;
import io.switchboard.platform.error.Forbidden;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.NotFound;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@DisplayName("The AI role's tenant data over the event bus, and the audit of its turns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AiBusTest {

  private ApiFixture api;
  private CrudClient crud;
  private final String tenant = ApiFixture.tenant("aibus");
  private final String otherTenant = ApiFixture.tenant("aibusb");
  private UUID inbox;
  private UUID contact;
  private String conversation;
  private String otherConversation;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
    crud = new CrudClient(api.vertx.eventBus(), true);
    inbox = api.inbox(tenant);
    contact = api.contact(tenant, "cust-1");
    conversation = api.conversation(tenant, inbox, contact, new JsonObject()).getString("id");
    UUID otherInbox = api.inbox(otherTenant);
    otherConversation =
        api.conversation(otherTenant, otherInbox, api.contact(otherTenant, null), new JsonObject())
            .getString("id");
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private static Caller service(String tenant) {
    return new Caller(tenant, "ai-agent", EnumSet.of(Role.SERVICE), Instant.MAX);
  }

  private static <T> Throwable failure(Future<T> future) {
    return future.transform(done -> Future.succeededFuture(done.cause())).await();
  }

  private static String embedding(float... values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      bytes.putFloat(value);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  @Test
  @DisplayName("the bot's tools change the conversation: labels, priority, hand-off and routing")
  void updateConversation() {
    JsonObject labelled =
        crud.updateConversation(
                service(tenant),
                conversation,
                new JsonObject().put("add_labels", new JsonArray().add("billing")))
            .await();
    assertThat(labelled.getJsonArray("labels")).contains("billing");
    assertThat(labelled.getValue("handed_off_at")).isNull();
    UUID team =
        UUID.fromString(
            api.post(
                    "/api/v1/teams",
                    ApiFixture.token(tenant, "admin-1", Role.ADMIN),
                    new JsonObject().put("name", "Tier 2"))
                .bodyAsJsonObject()
                .getString("id"));
    JsonObject handed =
        crud.updateConversation(
                service(tenant),
                conversation,
                new JsonObject()
                    .put("priority", "high")
                    .put("team_id", team.toString())
                    .put("add_labels", new JsonArray().add("billing").add("vip"))
                    .put("handoff", true))
            .await();
    assertThat(handed.getString("priority")).isEqualTo("high");
    assertThat(handed.getString("team_id")).isEqualTo(team.toString());
    assertThat(handed.getJsonArray("labels")).containsExactly("billing", "vip");
    assertThat(handed.getString("handed_off_at")).isNotNull();
    assertThat(handed.getLong("version")).isEqualTo(labelled.getLong("version") + 1);
    assertThat(api.outboxCount(tenant, conversation)).isGreaterThanOrEqualTo(3);

    assertThat(
            failure(
                crud.updateConversation(
                    service(tenant), conversation, new JsonObject().put("priority", "whenever"))))
        .isInstanceOf(Invalid.class)
        .hasMessageContaining("priority");
    assertThat(
            failure(
                crud.updateConversation(
                    service(tenant), conversation, new JsonObject().put("colour", "red"))))
        .isInstanceOf(Invalid.class);
    // An agent is no trusted role here; another tenant's conversation is not there at all.
    Caller agent = new Caller(tenant, "agent-1", EnumSet.of(Role.AGENT), Instant.MAX);
    assertThat(failure(crud.updateConversation(agent, conversation, new JsonObject())))
        .isInstanceOf(Forbidden.class);
    assertThat(
            failure(
                crud.updateConversation(
                    service(tenant), otherConversation, new JsonObject().put("handoff", true))))
        .isInstanceOf(NotFound.class);
  }

  @Test
  @DisplayName("a human's public answer hands the conversation off; a note or the bot's does not")
  void agentAnswerHandsOff() {
    String id = api.conversation(tenant, inbox, contact, new JsonObject()).getString("id");
    crud.append(service(tenant), id, "I am the bot", false, null).await();
    Caller agent = new Caller(tenant, "admin-1", EnumSet.of(Role.ADMIN), Instant.MAX);
    crud.append(agent, id, "a note", true, null).await();
    assertThat(crud.conversation(service(tenant), id).await().getValue("handed_off_at")).isNull();
    crud.append(agent, id, "Hello, Ann here", false, null).await();
    String handedAt = crud.conversation(service(tenant), id).await().getString("handed_off_at");
    assertThat(handedAt).isNotNull();
    crud.append(agent, id, "More", false, null).await();
    assertThat(crud.conversation(service(tenant), id).await().getString("handed_off_at"))
        .isEqualTo(handedAt);
  }

  @Test
  @DisplayName("contacts and tickets for the bot's tools, within the tenant only")
  void contactsAndTickets() {
    JsonObject read = crud.contact(service(tenant), contact.toString()).await();
    assertThat(read.getString("external_id")).isEqualTo("cust-1");
    assertThat(failure(crud.contact(service(otherTenant), contact.toString())))
        .isInstanceOf(NotFound.class);
    Caller customer = new Caller(tenant, "cust-1", EnumSet.of(Role.CUSTOMER), Instant.MAX);
    assertThat(failure(crud.contact(customer, contact.toString()))).isInstanceOf(Forbidden.class);

    JsonObject ticket =
        crud.createTicket(
                service(tenant),
                new JsonObject()
                    .put("subject", "Refund for order 1234")
                    .put("priority", "high")
                    .put("conversation_id", conversation))
            .await();
    assertThat(ticket.getString("conversation_id")).isEqualTo(conversation);
    assertThat(ticket.getString("priority")).isEqualTo("high");
    assertThat(
            failure(
                crud.createTicket(
                    service(otherTenant),
                    new JsonObject().put("subject", "x").put("conversation_id", conversation))))
        .isInstanceOf(Invalid.class)
        .hasMessageContaining("conversation_id");
    assertThat(failure(crud.createTicket(service(tenant), new JsonObject())))
        .isInstanceOf(Invalid.class)
        .hasMessageContaining("subject");
  }

  @Test
  @DisplayName("published articles and their chunks, per tenant and embedding model")
  void knowledgeBase() {
    String admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    String published =
        api.post(
                "/api/v1/kb-articles",
                admin,
                new JsonObject()
                    .put("title", "Refunds")
                    .put("body", "Within 30 days.")
                    .put("published", true))
            .bodyAsJsonObject()
            .getString("id");
    api.post(
        "/api/v1/kb-articles",
        admin,
        new JsonObject().put("title", "Draft").put("body", "Not yet.").put("published", false));
    JsonArray articles = crud.publishedArticles(service(tenant)).await().getJsonArray("articles");
    assertThat(articles).hasSize(1);
    assertThat(articles.getJsonObject(0).getString("id")).isEqualTo(published);
    assertThat(crud.publishedArticles(service(otherTenant)).await().getJsonArray("articles"))
        .isEmpty();

    JsonObject chunks =
        new JsonObject()
            .put("article_id", published)
            .put("article_version", 1)
            .put("model", "test-model")
            .put(
                "chunks",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("chunk_no", 0)
                            .put("title", "Refunds")
                            .put("text", "Within 30 days.")
                            .put("embedding", embedding(0.6f, 0.8f))));
    assertThat(crud.replaceKnowledgeChunks(service(tenant), chunks).await().getInteger("stored"))
        .isEqualTo(1);
    // Replacing again leaves one set, not two.
    crud.replaceKnowledgeChunks(service(tenant), chunks).await();
    JsonObject listed = crud.knowledgeChunks(service(tenant), "test-model").await();
    // This database has no pgvector: chunks are searched in memory and the nearest search is
    // refused.
    assertThat(listed.getBoolean("vector_search")).isFalse();
    assertThat(
            failure(
                crud.nearestKnowledgeChunks(
                    service(tenant),
                    new JsonObject()
                        .put("model", "test-model")
                        .put("embedding", embedding(0.6f, 0.8f))
                        .put("limit", 3))))
        .isInstanceOf(Conflict.class)
        .hasMessageContaining("no vector search");
    JsonArray stored = listed.getJsonArray("chunks");
    assertThat(stored).hasSize(1);
    assertThat(stored.getJsonObject(0).getString("embedding")).isEqualTo(embedding(0.6f, 0.8f));
    assertThat(crud.knowledgeChunks(service(tenant), "other-model").await().getJsonArray("chunks"))
        .isEmpty();
    assertThat(
            crud.knowledgeChunks(service(otherTenant), "test-model").await().getJsonArray("chunks"))
        .isEmpty();

    JsonObject bad = chunks.copy();
    bad.getJsonArray("chunks").getJsonObject(0).put("embedding", "not base64!");
    assertThat(failure(crud.replaceKnowledgeChunks(service(tenant), bad)))
        .isInstanceOf(Invalid.class)
        .hasMessageContaining("chunks[0]");
    bad.getJsonArray("chunks").getJsonObject(0).put("embedding", embedding(Float.NaN, 1f));
    assertThat(failure(crud.replaceKnowledgeChunks(service(tenant), bad)))
        .isInstanceOf(Invalid.class)
        .hasMessageContaining("finite");
    assertThat(
            failure(crud.replaceKnowledgeChunks(service(tenant), chunks.copy().put("chunks", "x"))))
        .isInstanceOf(Invalid.class);
    Caller agent = new Caller(tenant, "agent-1", EnumSet.of(Role.AGENT), Instant.MAX);
    assertThat(failure(crud.knowledgeChunks(agent, "test-model"))).isInstanceOf(Forbidden.class);

    assertThat(
            crud.replaceKnowledgeChunks(
                    service(tenant), chunks.copy().put("chunks", new JsonArray()))
                .await()
                .getInteger("stored"))
        .isZero();
    assertThat(crud.knowledgeChunks(service(tenant), "test-model").await().getJsonArray("chunks"))
        .isEmpty();
  }

  @Test
  @DisplayName("AI turns are recorded by the service and listed newest first to supervisors")
  void turns() {
    JsonObject turn =
        new JsonObject()
            .put("kind", "reply")
            .put("conversation_id", conversation)
            .put("provider", "embedded")
            .put("model", "all-minilm-l6-v2")
            .put("latency_ms", 42)
            .put("input_tokens", 0)
            .put("output_tokens", 0)
            .put("tools", new JsonArray().add("add_label").add("add_label"))
            .put("outcome", "answered")
            .put("detail", new JsonObject().put("confidence", 0.8));
    String first = crud.recordAiTurn(service(tenant), turn).await().getString("id");
    String second =
        crud.recordAiTurn(service(tenant), turn.copy().put("outcome", "handoff").put("model", ""))
            .await()
            .getString("id");
    assertThat(failure(crud.recordAiTurn(service(tenant), turn.copy().put("outcome", "great"))))
        .isInstanceOf(Invalid.class)
        .hasMessageContaining("outcome");
    assertThat(failure(crud.recordAiTurn(service(tenant), turn.copy().put("latency_ms", -1))))
        .isInstanceOf(Invalid.class);
    Caller agent = new Caller(tenant, "agent-1", EnumSet.of(Role.AGENT), Instant.MAX);
    assertThat(failure(crud.recordAiTurn(agent, turn))).isInstanceOf(Forbidden.class);

    String supervisor = ApiFixture.token(tenant, "sup-1", Role.SUPERVISOR);
    JsonObject page = api.get("/api/v1/ai/turns?limit=1", supervisor).bodyAsJsonObject();
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(second);
    JsonObject next =
        api.get("/api/v1/ai/turns?limit=1&cursor=" + page.getString("next_cursor"), supervisor)
            .bodyAsJsonObject();
    JsonObject older = next.getJsonArray("items").getJsonObject(0);
    assertThat(older.getString("id")).isEqualTo(first);
    assertThat(older.getJsonArray("tools")).containsExactly("add_label", "add_label");
    assertThat(older.getJsonObject("detail").getDouble("confidence")).isEqualTo(0.8);
    assertThat(
            api.get("/api/v1/ai/turns?outcome=handoff", supervisor)
                .bodyAsJsonObject()
                .getJsonArray("items"))
        .hasSize(1);

    HttpResponse<Buffer> wrong = api.get("/api/v1/ai/turns?kind=poem", supervisor);
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(
            api.get("/api/v1/ai/turns", ApiFixture.token(tenant, "agent-1", Role.AGENT))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            api.get("/api/v1/ai/turns", ApiFixture.token(otherTenant, "sup-1", Role.SUPERVISOR))
                .bodyAsJsonObject()
                .getJsonArray("items"))
        .isEmpty();
  }

  @Test
  @DisplayName("inboxes switch the bot on and off with If-Match")
  void inboxSwitch() {
    String admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    String path = "/api/v1/inboxes/" + inbox;
    HttpResponse<Buffer> read = api.get(path, admin);
    assertThat(read.bodyAsJsonObject().getBoolean("bot_enabled")).isFalse();
    HttpResponse<Buffer> changed =
        api.send(
            HttpMethod.PATCH,
            path,
            admin,
            new JsonObject().put("bot_enabled", true),
            Map.of("If-Match", read.getHeader("ETag")));
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    assertThat(changed.bodyAsJsonObject().getBoolean("bot_enabled")).isTrue();
    assertThat(changed.bodyAsJsonObject().getString("name")).isEqualTo("Support");
    assertThat(crud.inbox(service(tenant), inbox.toString()).await().getBoolean("bot_enabled"))
        .isTrue();
    // Stale, missing If-Match, wrong type, unknown field, not an admin.
    assertThat(
            api.send(
                    HttpMethod.PATCH,
                    path,
                    admin,
                    new JsonObject().put("bot_enabled", false),
                    Map.of("If-Match", read.getHeader("ETag")))
                .statusCode())
        .isEqualTo(412);
    assertThat(
            api.send(
                    HttpMethod.PATCH,
                    path,
                    admin,
                    new JsonObject().put("bot_enabled", false),
                    Map.of())
                .statusCode())
        .isEqualTo(428);
    String etag = api.get(path, admin).getHeader("ETag");
    assertThat(
            api.send(
                    HttpMethod.PATCH,
                    path,
                    admin,
                    new JsonObject().put("bot_enabled", "yes"),
                    Map.of("If-Match", etag))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            api.send(
                    HttpMethod.PATCH,
                    path,
                    admin,
                    new JsonObject().put("owner", "me"),
                    Map.of("If-Match", etag))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            api.send(
                    HttpMethod.PATCH,
                    path,
                    ApiFixture.token(tenant, "agent-1", Role.AGENT),
                    new JsonObject().put("bot_enabled", false),
                    Map.of("If-Match", etag))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            api.send(
                    HttpMethod.PATCH,
                    path,
                    ApiFixture.token(otherTenant, "admin-1", Role.ADMIN),
                    new JsonObject().put("bot_enabled", false),
                    Map.of("If-Match", etag))
                .statusCode())
        .isEqualTo(404);
  }
}
