package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@DisplayName("Conversations over REST")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationApiTest {

  private static final String PATH = "/api/v1/conversations";

  private ApiFixture api;
  private final String tenant = ApiFixture.tenant("conv");
  private String admin;
  private UUID inbox;
  private UUID contact;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
    admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    inbox = api.inbox(tenant);
    contact = api.contact(tenant, null);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private HttpResponse<Buffer> patch(String id, String ifMatch, JsonObject body) {
    Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch);
    return api.send(HttpMethod.PATCH, PATH + "/" + id, admin, body, headers);
  }

  @Test
  @DisplayName("a created conversation is open, has an ETag and reads back the same")
  void createAndGet() {
    HttpResponse<Buffer> created =
        api.post(
            PATH,
            admin,
            new JsonObject()
                .put("inbox_id", inbox.toString())
                .put("contact_id", contact.toString())
                .put("channel", "chat")
                .put("priority", "high")
                .put("labels", new JsonArray().add("vip")));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject body = created.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("open");
    assertThat(body.getString("priority")).isEqualTo("high");
    assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");

    HttpResponse<Buffer> read = api.get(PATH + "/" + body.getString("id"), admin);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(read.bodyAsJsonObject()).isEqualTo(body);
  }

  @Test
  @DisplayName(
      "a PATCH with the current ETag applies and a stale one is refused with 412, a missing one with 428")
  void patchWithIfMatch() {
    String id = api.conversation(tenant, inbox, contact, new JsonObject()).getString("id");
    JsonObject change =
        new JsonObject().put("status", "pending").put("labels", new JsonArray().add("billing"));

    HttpResponse<Buffer> applied = patch(id, "\"1\"", change);
    assertThat(applied.statusCode()).isEqualTo(200);
    assertThat(applied.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(applied.bodyAsJsonObject().getString("status")).isEqualTo("pending");
    assertThat(applied.bodyAsJsonObject().getJsonArray("labels")).containsExactly("billing");

    HttpResponse<Buffer> stale = patch(id, "\"1\"", new JsonObject().put("status", "resolved"));
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(stale.getHeader("Content-Type")).isEqualTo("application/problem+json");

    assertThat(patch(id, null, new JsonObject().put("status", "resolved")).statusCode())
        .isEqualTo(428);
    assertThat(api.get(PATH + "/" + id, admin).bodyAsJsonObject().getString("status"))
        .isEqualTo("pending");
  }

  @Test
  @DisplayName("a supervisor deletes a conversation, after which it is 404; an agent may not")
  void delete() {
    String id = api.conversation(tenant, inbox, contact, new JsonObject()).getString("id");
    String agent = ApiFixture.token(tenant, "agent-del", Role.AGENT);
    assertThat(api.send(HttpMethod.DELETE, PATH + "/" + id, agent, null, Map.of()).statusCode())
        .isEqualTo(403);
    String supervisor = ApiFixture.token(tenant, "sup-1", Role.SUPERVISOR);
    assertThat(
            api.send(HttpMethod.DELETE, PATH + "/" + id, supervisor, null, Map.of()).statusCode())
        .isEqualTo(204);
    assertThat(api.get(PATH + "/" + id, admin).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("walking the list page by page returns every conversation once, in both orders")
  void cursorPagination() {
    UUID ownInbox = api.inbox(tenant);
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      expected.add(api.conversation(tenant, ownInbox, contact, new JsonObject()).getString("id"));
    }
    for (String sort : List.of("asc", "desc")) {
      List<String> seen = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        String query = "?inbox_id=" + ownInbox + "&limit=3&sort=" + sort;
        JsonObject page =
            api.get(PATH + query + (cursor == null ? "" : "&cursor=" + cursor), admin)
                .bodyAsJsonObject();
        page.getJsonArray("items").forEach(item -> seen.add(((JsonObject) item).getString("id")));
        cursor = page.getString("next_cursor");
        pages++;
      } while (cursor != null);
      assertThat(pages).isEqualTo(3);
      assertThat(seen).doesNotHaveDuplicates();
      assertThat(new HashSet<>(seen)).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("a cursor that this API did not issue is a 400 naming the cursor")
  void badCursor() {
    for (String bad : List.of("nonsense", "bm90LWEtY3Vyc29y", "%00", "MTIzOng")) {
      HttpResponse<Buffer> refused = api.get(PATH + "?cursor=" + bad, admin);
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(
              refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
          .isEqualTo("cursor");
    }
  }

  @Test
  @DisplayName("filters by status, label, assignee, inbox and updated_since narrow the list")
  void filters() {
    UUID ownInbox = api.inbox(tenant);
    String resolved = api.conversation(tenant, ownInbox, contact, new JsonObject()).getString("id");
    patch(resolved, "\"1\"", new JsonObject().put("status", "resolved"));
    String labelled =
        api.conversation(
                tenant,
                ownInbox,
                contact,
                new JsonObject().put("labels", new JsonArray().add("red")))
            .getString("id");
    UUID agentUser = api.member(tenant, "agent-filter", ownInbox);
    String assigned = api.conversation(tenant, ownInbox, contact, new JsonObject()).getString("id");
    assertThat(
            patch(assigned, "\"1\"", new JsonObject().put("assignee_id", agentUser.toString()))
                .statusCode())
        .isEqualTo(200);

    String base = PATH + "?inbox_id=" + ownInbox;
    assertThat(ids(base + "&status=resolved")).containsExactly(resolved);
    assertThat(ids(base + "&label=red")).containsExactly(labelled);
    assertThat(ids(base + "&assignee_id=" + agentUser)).containsExactly(assigned);
    assertThat(ids(base)).containsExactlyInAnyOrder(resolved, labelled, assigned);
    assertThat(ids(base + "&updated_since=2999-01-01T00:00:00Z")).isEmpty();
    assertThat(ids(base + "&updated_since=2000-01-01T00:00:00Z")).hasSize(3);
  }

  private List<String> ids(String path) {
    HttpResponse<Buffer> response = api.get(path, admin);
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    response
        .bodyAsJsonObject()
        .getJsonArray("items")
        .forEach(item -> ids.add(((JsonObject) item).getString("id")));
    return ids;
  }

  @Test
  @DisplayName("repeating a POST with the same Idempotency-Key replays it; a different body is 409")
  void idempotentPost() {
    JsonObject body =
        new JsonObject()
            .put("inbox_id", inbox.toString())
            .put("contact_id", contact.toString())
            .put("channel", "voice");
    Map<String, String> key = Map.of("Idempotency-Key", "key-" + UUID.randomUUID());
    long before = api.count(tenant, "conversations");

    HttpResponse<Buffer> first = api.send(HttpMethod.POST, PATH, admin, body, key);
    HttpResponse<Buffer> again = api.send(HttpMethod.POST, PATH, admin, body, key);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(again.getHeader("ETag")).isEqualTo("\"1\"");

    HttpResponse<Buffer> reused =
        api.send(HttpMethod.POST, PATH, admin, body.copy().put("channel", "chat"), key);
    assertThat(reused.statusCode()).isEqualTo(409);
    assertThat(api.count(tenant, "conversations")).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("every write leaves an audit entry and an outbox event")
  void auditAndOutbox() {
    String id = api.conversation(tenant, inbox, contact, new JsonObject()).getString("id");
    patch(id, "\"1\"", new JsonObject().put("priority", "urgent"));
    long audits =
        new io.switchboard.crud.db.TenantTransactions(api.pool)
            .inTenant(
                tenant,
                tx ->
                    tx.preparedQuery(
                            "SELECT count(*) AS n FROM audit_log WHERE entity = 'conversation'"
                                + " AND entity_id = $1")
                        .execute(io.vertx.sqlclient.Tuple.of(id)))
            .await()
            .iterator()
            .next()
            .getLong("n");
    assertThat(audits).isEqualTo(2);
    assertThat(api.outboxCount(tenant, id)).isEqualTo(2);
  }
}
