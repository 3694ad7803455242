package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.platform.auth.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Tickets over REST")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TicketApiTest {

  private static final String PATH = "/api/v1/tickets";

  private ApiFixture api;
  private final String tenant = ApiFixture.tenant("tick");
  private final String otherTenant = ApiFixture.tenant("tickb");
  private String admin;
  private String agent;
  private UUID assignee;
  private UUID foreignAssignee;
  private UUID conversation;
  private UUID foreignConversation;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
    admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    agent = ApiFixture.token(tenant, "agent-1", Role.AGENT);
    // The first write creates the tenant row that users refer to.
    UUID inbox = api.inbox(tenant);
    assignee = user(tenant, "agent-1");
    conversation =
        UUID.fromString(
            api.conversation(tenant, inbox, api.contact(tenant, null), new JsonObject())
                .getString("id"));
    UUID otherInbox = api.inbox(otherTenant);
    foreignAssignee = user(otherTenant, "agent-b");
    foreignConversation =
        UUID.fromString(
            api.conversation(
                    otherTenant, otherInbox, api.contact(otherTenant, null), new JsonObject())
                .getString("id"));
  }

  @AfterAll
  void stop() {
    api.close();
  }

  /** A user row of {@code tenant}, as the directory would create it. */
  private UUID user(String tenantId, String sub) {
    return new TenantTransactions(api.pool)
        .inTenant(
            tenantId,
            tx ->
                tx.preparedQuery(
                        "INSERT INTO users (tenant_id, external_id, name, role)"
                            + " VALUES ($1, $2, $2, 'agent') RETURNING id")
                    .execute(Tuple.of(tenantId, sub))
                    .map(rows -> rows.iterator().next().getUUID("id")))
        .await();
  }

  private JsonObject ticket(JsonObject body) {
    HttpResponse<Buffer> created = api.post(PATH, agent, body);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> patch(String id, String ifMatch, JsonObject body) {
    Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch);
    return api.send(HttpMethod.PATCH, PATH + "/" + id, agent, body, headers);
  }

  @Test
  @DisplayName("an agent creates a ticket that is open, has an ETag and reads back the same")
  void createAndGet() {
    String due = "2030-01-31T12:00:00Z";
    long audited = api.count(tenant, "audit_log");
    HttpResponse<Buffer> created =
        api.post(
            PATH,
            agent,
            new JsonObject()
                .put("subject", "Refund not received")
                .put("priority", "high")
                .put("sla_due_at", due)
                .put("assignee_id", assignee.toString())
                .put("conversation_id", conversation.toString()));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");
    JsonObject body = created.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("open");
    assertThat(body.getString("priority")).isEqualTo("high");
    assertThat(body.getString("sla_due_at")).isEqualTo(due);
    assertThat(body.getString("assignee_id")).isEqualTo(assignee.toString());
    assertThat(body.getString("conversation_id")).isEqualTo(conversation.toString());

    HttpResponse<Buffer> read = api.get(PATH + "/" + body.getString("id"), agent);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(read.bodyAsJsonObject()).isEqualTo(body);
    assertThat(api.outboxCount(tenant, body.getString("id"))).isEqualTo(1);
    assertThat(api.count(tenant, "audit_log")).isEqualTo(audited + 1);
  }

  @Test
  @DisplayName("a ticket without a priority is medium, and a repeated Idempotency-Key creates one")
  void defaultsAndIdempotency() {
    JsonObject body = new JsonObject().put("subject", "Printer on fire");
    Map<String, String> key = Map.of("Idempotency-Key", "tick-" + UUID.randomUUID());
    HttpResponse<Buffer> first = api.send(HttpMethod.POST, PATH, agent, body, key);
    HttpResponse<Buffer> again = api.send(HttpMethod.POST, PATH, agent, body, key);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.bodyAsJsonObject().getString("priority")).isEqualTo("medium");
    assertThat(again.bodyAsJsonObject().getString("id"))
        .isEqualTo(first.bodyAsJsonObject().getString("id"));
  }

  @Test
  @DisplayName("a PATCH with the current ETag applies and a stale one is 412 and a missing one 428")
  void patchWithIfMatch() {
    String id = ticket(new JsonObject().put("subject", "Slow login")).getString("id");
    HttpResponse<Buffer> applied =
        patch(
            id,
            "\"1\"",
            new JsonObject()
                .put("status", "pending")
                .put("assignee_id", assignee.toString())
                .put("sla_due_at", "2031-05-01T08:00:00+02:00"));
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(200);
    assertThat(applied.getHeader("ETag")).isEqualTo("\"2\"");
    JsonObject body = applied.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("pending");
    assertThat(body.getString("assignee_id")).isEqualTo(assignee.toString());
    assertThat(body.getString("sla_due_at")).isEqualTo("2031-05-01T06:00:00Z");

    HttpResponse<Buffer> stale = patch(id, "\"1\"", new JsonObject().put("status", "solved"));
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(stale.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(patch(id, null, new JsonObject().put("status", "solved")).statusCode())
        .isEqualTo(428);

    HttpResponse<Buffer> cleared =
        patch(id, "\"2\"", new JsonObject().put("assignee_id", null).put("sla_due_at", null));
    assertThat(cleared.statusCode()).isEqualTo(200);
    assertThat(cleared.bodyAsJsonObject().getString("assignee_id")).isNull();
    assertThat(cleared.bodyAsJsonObject().getString("sla_due_at")).isNull();
    assertThat(cleared.bodyAsJsonObject().getString("status")).isEqualTo("pending");
    assertThat(api.outboxCount(tenant, id)).isEqualTo(3);
  }

  @Test
  @DisplayName("a supervisor deletes a ticket, after which it is 404; an agent may not delete")
  void delete() {
    String id = ticket(new JsonObject().put("subject", "Duplicate")).getString("id");
    assertThat(api.send(HttpMethod.DELETE, PATH + "/" + id, agent, null, Map.of()).statusCode())
        .isEqualTo(403);
    String supervisor = ApiFixture.token(tenant, "sup-1", Role.SUPERVISOR);
    assertThat(
            api.send(HttpMethod.DELETE, PATH + "/" + id, supervisor, null, Map.of()).statusCode())
        .isEqualTo(204);
    assertThat(api.get(PATH + "/" + id, agent).statusCode()).isEqualTo(404);
    assertThat(
            api.send(HttpMethod.DELETE, PATH + "/" + id, supervisor, null, Map.of()).statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName("customers are refused every ticket route with 403")
  void customersAreRefused() {
    String id = ticket(new JsonObject().put("subject", "Internal")).getString("id");
    String customer = ApiFixture.token(tenant, "cust-1", Role.CUSTOMER);
    assertThat(api.get(PATH, customer).statusCode()).isEqualTo(403);
    assertThat(api.get(PATH + "/" + id, customer).statusCode()).isEqualTo(403);
    assertThat(api.post(PATH, customer, new JsonObject().put("subject", "x")).statusCode())
        .isEqualTo(403);
    assertThat(
            api.send(
                    HttpMethod.PATCH,
                    PATH + "/" + id,
                    customer,
                    new JsonObject().put("status", "closed"),
                    Map.of("If-Match", "\"1\""))
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  @DisplayName("another tenant's staff get 404 for a ticket that exists")
  void otherTenantCannotRead() {
    String id = ticket(new JsonObject().put("subject", "Secret")).getString("id");
    String otherAdmin = ApiFixture.token(otherTenant, "admin-1", Role.ADMIN);
    assertThat(api.get(PATH + "/" + id, otherAdmin).statusCode()).isEqualTo(404);
    assertThat(
            api.send(
                    HttpMethod.PATCH,
                    PATH + "/" + id,
                    otherAdmin,
                    new JsonObject().put("status", "closed"),
                    Map.of("If-Match", "\"1\""))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName("walking the list page by page returns every ticket once, in both orders")
  void cursorPagination() {
    UUID owner = user(tenant, "agent-walk");
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      expected.add(
          ticket(new JsonObject().put("subject", "t" + i).put("assignee_id", owner.toString()))
              .getString("id"));
    }
    for (String sort : List.of("asc", "desc")) {
      List<String> seen = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        String query = "?assignee_id=" + owner + "&limit=3&sort=" + sort;
        HttpResponse<Buffer> page =
            api.get(PATH + query + (cursor == null ? "" : "&cursor=" + cursor), agent);
        assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
        page.bodyAsJsonObject()
            .getJsonArray("items")
            .forEach(item -> seen.add(((JsonObject) item).getString("id")));
        cursor = page.bodyAsJsonObject().getString("next_cursor");
        pages++;
      } while (cursor != null);
      assertThat(pages).isEqualTo(3);
      assertThat(seen).doesNotHaveDuplicates();
      assertThat(new HashSet<>(seen)).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("overdue=true lists only tickets past their SLA that are neither solved nor closed")
  void overdueFilter() {
    UUID owner = user(tenant, "agent-sla");
    // PostgreSQL keeps microseconds, and finer timestamps are refused
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    String past = now.minus(1, ChronoUnit.HOURS).toString();
    String future = now.plus(1, ChronoUnit.DAYS).toString();
    JsonObject base = new JsonObject().put("assignee_id", owner.toString());
    String late =
        ticket(base.copy().put("subject", "late").put("sla_due_at", past)).getString("id");
    ticket(base.copy().put("subject", "on time").put("sla_due_at", future));
    ticket(base.copy().put("subject", "no sla"));
    String solved =
        ticket(base.copy().put("subject", "solved late").put("sla_due_at", past)).getString("id");
    assertThat(patch(solved, "\"1\"", new JsonObject().put("status", "solved")).statusCode())
        .isEqualTo(200);

    JsonArray overdue =
        api.get(PATH + "?overdue=true&assignee_id=" + owner, agent)
            .bodyAsJsonObject()
            .getJsonArray("items");
    assertThat(overdue.stream().map(t -> ((JsonObject) t).getString("id"))).containsExactly(late);
    assertThat(
            api.get(PATH + "?overdue=false&assignee_id=" + owner, agent)
                .bodyAsJsonObject()
                .getJsonArray("items"))
        .hasSize(3);
    assertThat(
            api.get(PATH + "?status=solved&assignee_id=" + owner, agent)
                .bodyAsJsonObject()
                .getJsonArray("items"))
        .hasSize(1);
  }

  @Test
  @DisplayName("a conversation that a ticket refers to cannot be deleted: 409, and both remain")
  void conversationInUse() {
    UUID inbox = api.inbox(tenant);
    String used =
        api.conversation(tenant, inbox, api.contact(tenant, null), new JsonObject())
            .getString("id");
    String id =
        ticket(new JsonObject().put("subject", "From chat").put("conversation_id", used))
            .getString("id");
    assertThat(
            api.send(HttpMethod.DELETE, "/api/v1/conversations/" + used, admin, null, Map.of())
                .statusCode())
        .isEqualTo(409);
    assertThat(api.get("/api/v1/conversations/" + used, admin).statusCode()).isEqualTo(200);
    assertThat(api.get(PATH + "/" + id, agent).statusCode()).isEqualTo(200);
  }

  Stream<Arguments> badCreates() {
    JsonObject valid = new JsonObject().put("subject", "Help");
    return Stream.of(
        Arguments.of("an unknown field", valid.copy().put("owner", "me"), "owner"),
        Arguments.of("a missing subject", new JsonObject().put("priority", "low"), "subject"),
        Arguments.of("an unknown priority", valid.copy().put("priority", "asap"), "priority"),
        Arguments.of(
            "a date without offset", valid.copy().put("sla_due_at", "2030-01-01"), "sla_due_at"),
        Arguments.of(
            "a date that is not one", valid.copy().put("sla_due_at", "soon"), "sla_due_at"),
        Arguments.of(
            "a date in year 0",
            valid.copy().put("sla_due_at", "0000-01-01T00:00:00Z"),
            "sla_due_at"),
        Arguments.of(
            "a date that is in year 10000 in UTC",
            valid.copy().put("sla_due_at", "9999-12-31T23:59:59.999999999-14:00"),
            "sla_due_at"),
        Arguments.of(
            "a date finer than microseconds",
            valid.copy().put("sla_due_at", "2030-01-01T00:00:00.1234567Z"),
            "sla_due_at"),
        Arguments.of("a subject with a lone surrogate", "{\"subject\": \"\\ud800x\"}", "subject"),
        Arguments.of(
            "an over-long subject", new JsonObject().put("subject", "x".repeat(501)), "subject"),
        Arguments.of(
            "a malformed UUID", valid.copy().put("assignee_id", "1-1-1-1-1"), "assignee_id"),
        Arguments.of(
            "an assignee of another tenant",
            valid.copy().put("assignee_id", foreignAssignee.toString()),
            "assignee_id"),
        Arguments.of(
            "a conversation of another tenant",
            valid.copy().put("conversation_id", foreignConversation.toString()),
            "conversation_id"),
        Arguments.of(
            "a conversation of nobody",
            valid.copy().put("conversation_id", UUID.randomUUID().toString()),
            "conversation_id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCreates")
  @DisplayName("a POST with bad input is a 400 naming the field, and stores nothing")
  void badCreate(String what, Object body, String field) {
    long before = api.count(tenant, "tickets");
    long audited = api.count(tenant, "audit_log");
    Problems.assertProblem(api.post(PATH, agent, body), 400, field);
    assertThat(api.count(tenant, "tickets")).isEqualTo(before);
    assertThat(api.count(tenant, "audit_log")).isEqualTo(audited);
  }

  @Test
  @DisplayName("a PATCH or list with bad input is a 400 naming the field, and changes nothing")
  void badPatchAndQuery() {
    String id = ticket(new JsonObject().put("subject", "Untouched")).getString("id");
    Problems.assertProblem(
        patch(id, "\"1\"", new JsonObject().put("status", "snoozed")), 400, "status");
    Problems.assertProblem(
        patch(id, "\"1\"", new JsonObject().put("priority", null)), 400, "priority");
    Problems.assertProblem(patch(id, "\"1\"", new JsonObject()), 400, "$");
    Problems.assertProblem(
        patch(id, "\"1\"", new JsonObject().put("assignee_id", foreignAssignee.toString())),
        400,
        "assignee_id");
    assertThat(api.get(PATH + "/" + id, agent).bodyAsJsonObject().getLong("version")).isEqualTo(1);
    Problems.assertProblem(api.get(PATH + "?overdue=yes", agent), 400, "overdue");
    Problems.assertProblem(api.get(PATH + "?priority=asap", agent), 400, "priority");
    Problems.assertProblem(api.get(PATH + "/not-a-uuid", agent), 400, "id");
  }
}
