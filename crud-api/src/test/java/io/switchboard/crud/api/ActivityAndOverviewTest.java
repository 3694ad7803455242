package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.switchboard.platform.auth.Role;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@DisplayName("Inbox activity on conversations, read marks and the supervisors' overview")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActivityAndOverviewTest {

  private static final String PATH = "/api/v1/conversations";
  private static final String OVERVIEW = "/api/v1/reports/overview";

  private ApiFixture api;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private JsonObject say(String token, String conversation, String body, boolean note) {
    HttpResponse<Buffer> sent =
        api.post(
            PATH + "/" + conversation + "/messages",
            token,
            new JsonObject().put("body", body).put("private", note));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    return sent.bodyAsJsonObject();
  }

  private JsonObject read(String token, String conversation) {
    HttpResponse<Buffer> read = api.get(PATH + "/" + conversation, token);
    assertThat(read.statusCode()).isEqualTo(200);
    return read.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> markRead(String token, String conversation, Object body) {
    return api.post(PATH + "/" + conversation + "/read", token, body);
  }

  @Test
  @DisplayName(
      "the customer's messages count as unread and start the wait, a note changes nothing the"
          + " list shows, a human's answer ends the wait once and for all, and read marks only move"
          + " forward")
  void activity() {
    String tenant = ApiFixture.tenant("act");
    UUID inbox = api.inbox(tenant);
    UUID contact = api.contact(tenant, "visitor-1");
    String customer = ApiFixture.token(tenant, "visitor-1", Role.CUSTOMER);
    String agent = ApiFixture.token(tenant, "agent-1", Role.AGENT);
    api.member(tenant, "agent-1", inbox);
    String id = api.conversation(tenant, inbox, contact, new JsonObject()).getString("id");

    JsonObject fresh = read(agent, id);
    assertThat(fresh.getInteger("unread_count")).isZero();
    assertThat(fresh.getString("last_message_preview")).isNull();
    assertThat(fresh.getString("waiting_since")).isNull();

    say(customer, id, "hello?", false);
    String longBody = "x".repeat(300);
    say(customer, id, longBody, false);
    JsonObject waiting = read(agent, id);
    assertThat(waiting.getInteger("unread_count")).isEqualTo(2);
    assertThat(waiting.getString("last_message_author")).isEqualTo("contact");
    assertThat(waiting.getString("last_message_preview")).isEqualTo("x".repeat(140));
    String since = waiting.getString("waiting_since");
    assertThat(since).isNotNull();

    say(agent, id, "internal: check the order", true);
    JsonObject noted = read(agent, id);
    assertThat(noted.getString("last_message_preview")).isEqualTo("x".repeat(140));
    assertThat(noted.getString("waiting_since")).isEqualTo(since);
    assertThat(noted.getString("first_reply_at")).isNull();
    // The customer sees no trace of the note in the activity either.
    assertThat(read(customer, id).getString("last_message_preview")).isEqualTo("x".repeat(140));

    say(agent, id, "On my way", false);
    JsonObject answered = read(agent, id);
    assertThat(answered.getString("waiting_since")).isNull();
    assertThat(answered.getString("last_message_author")).isEqualTo("agent");
    assertThat(answered.getString("last_message_preview")).isEqualTo("On my way");
    String firstReply = answered.getString("first_reply_at");
    assertThat(firstReply).isNotNull();
    assertThat(answered.getString("handed_off_at")).isNotNull();

    say(customer, id, "thanks", false);
    say(agent, id, "anything else?", false);
    JsonObject later = read(agent, id);
    assertThat(later.getString("first_reply_at")).isEqualTo(firstReply);
    assertThat(later.getInteger("unread_count")).isEqualTo(3);
    assertThat(later.getLong("last_offset")).isEqualTo(6);

    HttpResponse<Buffer> marked = markRead(agent, id, new JsonObject().put("offset", 4));
    assertThat(marked.statusCode()).isEqualTo(200);
    assertThat(marked.bodyAsJsonObject().getInteger("unread_count")).isEqualTo(1);
    assertThat(marked.bodyAsJsonObject().getLong("agent_read_offset")).isEqualTo(4);
    // The edit version is untouched: reading is not an edit another agent's If-Match should trip
    // on.
    assertThat(marked.bodyAsJsonObject().getLong("version")).isEqualTo(later.getLong("version"));

    JsonObject behind = markRead(agent, id, new JsonObject().put("offset", 2)).bodyAsJsonObject();
    assertThat(behind.getLong("agent_read_offset")).isEqualTo(4);
    assertThat(behind.getInteger("unread_count")).isEqualTo(1);

    JsonObject past = markRead(agent, id, new JsonObject().put("offset", 999)).bodyAsJsonObject();
    assertThat(past.getLong("agent_read_offset")).isEqualTo(6);
    assertThat(past.getInteger("unread_count")).isZero();

    // Two marks moved it forward: two conversation.read events; the behind one told nobody.
    assertThat(events(tenant, "conversation.read")).hasSize(2);
    // Every message.created event names the inbox, so the hub can tell the inbox's agents.
    List<JsonObject> created = events(tenant, "message.created");
    assertThat(created).hasSize(6);
    assertThat(created).allSatisfy(e -> assertThat(e.getString("inbox_id")).isEqualTo("" + inbox));

    JsonObject listed =
        api.get(PATH + "?inbox_id=" + inbox, agent)
            .bodyAsJsonObject()
            .getJsonArray("items")
            .getJsonObject(0);
    assertThat(listed.getString("last_message_preview")).isEqualTo("anything else?");
    assertThat(listed.getInteger("unread_count")).isZero();
  }

  @Test
  @DisplayName(
      "a read mark with wrong input is 400 naming the field, for a customer 403, for another"
          + " tenant's or an unknown conversation 404, and changes nothing")
  void readMarkRefusals() {
    String tenant = ApiFixture.tenant("actbad");
    UUID inbox = api.inbox(tenant);
    UUID contact = api.contact(tenant, "visitor-2");
    String admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    String id = api.conversation(tenant, inbox, contact, new JsonObject()).getString("id");
    say(ApiFixture.token(tenant, "visitor-2", Role.CUSTOMER), id, "hi", false);

    for (Object wrong :
        List.of(
            new JsonObject().put("offset", -1),
            new JsonObject().put("offset", "3"),
            new JsonObject().put("offset", 1.5),
            new JsonObject(),
            new JsonObject().put("offset", 1).put("extra", true),
            "[1]",
            "not json")) {
      HttpResponse<Buffer> refused = markRead(admin, id, wrong);
      assertThat(refused.statusCode()).as(wrong.toString()).isEqualTo(400);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
    assertThat(
            markRead(
                    ApiFixture.token(tenant, "visitor-2", Role.CUSTOMER),
                    id,
                    new JsonObject().put("offset", 1))
                .statusCode())
        .isEqualTo(403);
    assertThat(markRead(null, id, new JsonObject().put("offset", 1)).statusCode()).isEqualTo(401);
    String other = ApiFixture.token(ApiFixture.tenant("actother"), "admin-1", Role.ADMIN);
    assertThat(markRead(other, id, new JsonObject().put("offset", 1)).statusCode()).isEqualTo(404);
    assertThat(
            markRead(admin, UUID.randomUUID().toString(), new JsonObject().put("offset", 1))
                .statusCode())
        .isEqualTo(404);
    assertThat(markRead(admin, "not-a-uuid", new JsonObject().put("offset", 1)).statusCode())
        .isEqualTo(400);
    assertThat(read(admin, id).getInteger("unread_count")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "resolving sets resolved_at, reopening clears it, and resolving again starts it anew")
  void resolvedAt() {
    String tenant = ApiFixture.tenant("actres");
    UUID inbox = api.inbox(tenant);
    UUID contact = api.contact(tenant, null);
    String admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    String id = api.conversation(tenant, inbox, contact, new JsonObject()).getString("id");
    JsonObject resolved = patch(admin, id, 1, new JsonObject().put("status", "resolved"));
    assertThat(resolved.getString("resolved_at")).isNotNull();
    JsonObject labelled =
        patch(admin, id, 2, new JsonObject().put("labels", new JsonArray().add("done")));
    assertThat(labelled.getString("resolved_at")).isEqualTo(resolved.getString("resolved_at"));
    assertThat(patch(admin, id, 3, new JsonObject().put("status", "open")).getString("resolved_at"))
        .isNull();
  }

  private JsonObject patch(String token, String id, long version, JsonObject change) {
    HttpResponse<Buffer> patched =
        api.send(
            HttpMethod.PATCH,
            PATH + "/" + id,
            token,
            change,
            Map.of("If-Match", "\"" + version + "\""));
    assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
    return patched.bodyAsJsonObject();
  }

  @Test
  @DisplayName(
      "the overview counts open, unassigned and waiting conversations per inbox, answer and"
          + " resolution times, live calls and messages per minute, of the caller's tenant only")
  void overview() {
    String tenant = ApiFixture.tenant("ovw");
    String supervisor = ApiFixture.token(tenant, "sup-1", Role.SUPERVISOR);
    String admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    String agent = ApiFixture.token(tenant, "agent-1", Role.AGENT);
    UUID sales = api.inbox(tenant);
    UUID billing = api.inbox(tenant);
    UUID agentId = api.member(tenant, "agent-1", sales);
    UUID contact = api.contact(tenant, "visitor-3");
    String customer = ApiFixture.token(tenant, "visitor-3", Role.CUSTOMER);

    JsonObject empty = overview(supervisor);
    assertThat(load(empty, sales).getLong("open")).isZero();
    assertThat(empty.getJsonObject("first_response").getLong("count")).isZero();
    assertThat(empty.getJsonObject("first_response").getValue("median_seconds")).isNull();

    // Sales: one waiting and unassigned, one assigned and answered. Billing: one resolved.
    String waiting = api.conversation(tenant, sales, contact, new JsonObject()).getString("id");
    say(customer, waiting, "is anyone there?", false);
    String answered = api.conversation(tenant, sales, contact, new JsonObject()).getString("id");
    say(customer, answered, "my order", false);
    patch(admin, answered, 1, new JsonObject().put("assignee_id", agentId.toString()));
    say(agent, answered, "Looking into it", false);
    String done = api.conversation(tenant, billing, contact, new JsonObject()).getString("id");
    patch(admin, done, 1, new JsonObject().put("status", "resolved"));
    assertThat(
            api.post("/api/v1/calls", admin, new JsonObject().put("direction", "inbound"))
                .statusCode())
        .isEqualTo(201);

    // Another tenant, busy with the same shapes, must not show up.
    String stranger = ApiFixture.tenant("ovwother");
    UUID strangerInbox = api.inbox(stranger);
    String strangerConversation =
        api.conversation(stranger, strangerInbox, api.contact(stranger, null), new JsonObject())
            .getString("id");
    say(ApiFixture.token(stranger, "admin-1", Role.ADMIN), strangerConversation, "noise", false);

    JsonObject now = overview(admin);
    assertThat(now.getJsonArray("inboxes")).hasSize(2);
    JsonObject salesLoad = load(now, sales);
    assertThat(salesLoad.getLong("open")).isEqualTo(2);
    assertThat(salesLoad.getLong("unassigned")).isEqualTo(1);
    assertThat(salesLoad.getLong("waiting")).isEqualTo(1);
    assertThat(salesLoad.getString("oldest_waiting_since")).isNotNull();
    JsonObject billingLoad = load(now, billing);
    assertThat(billingLoad.getLong("open")).isZero();
    assertThat(billingLoad.getString("oldest_waiting_since")).isNull();
    assertThat(now.getJsonObject("first_response").getLong("count")).isEqualTo(1);
    assertThat(now.getJsonObject("first_response").getDouble("median_seconds"))
        .isGreaterThanOrEqualTo(0.0);
    assertThat(now.getJsonObject("resolution").getLong("count")).isEqualTo(1);
    assertThat(now.getLong("live_calls")).isEqualTo(1);
    JsonArray minutes = now.getJsonArray("messages_per_minute");
    assertThat(minutes).hasSize(30);
    long messages = 0;
    List<String> starts = new ArrayList<>();
    for (int i = 0; i < minutes.size(); i++) {
      messages += minutes.getJsonObject(i).getLong("count");
      starts.add(minutes.getJsonObject(i).getString("minute"));
    }
    assertThat(messages).isEqualTo(3);
    assertThat(starts).isSorted().doesNotHaveDuplicates();

    assertThat(api.get(OVERVIEW, agent).statusCode()).isEqualTo(403);
    assertThat(api.get(OVERVIEW, customer).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> anonymous = api.get(OVERVIEW, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  private JsonObject overview(String token) {
    HttpResponse<Buffer> answer = api.get(OVERVIEW, token);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject();
  }

  private static JsonObject load(JsonObject overview, UUID inbox) {
    JsonArray inboxes = overview.getJsonArray("inboxes");
    for (int i = 0; i < inboxes.size(); i++) {
      if (inboxes.getJsonObject(i).getString("inbox_id").equals(inbox.toString())) {
        return inboxes.getJsonObject(i);
      }
    }
    throw new AssertionError("no inbox " + inbox + " in " + overview.encode());
  }

  /** The payloads of the outbox events of {@code type} that {@code tenant} holds. */
  private List<JsonObject> events(String tenant, String type) {
    List<JsonObject> payloads = new ArrayList<>();
    // The outbox has no row-level security (the relay reads every tenant's), so filter here.
    for (Row row :
        api.pool
            .preparedQuery(
                "SELECT envelope FROM outbox WHERE tenant_id = $1 AND type = $2 ORDER BY id")
            .execute(Tuple.of(tenant, type))
            .await()) {
      try {
        payloads.add(
            new JsonObject(
                EventEnvelope.parseFrom(row.getBuffer("envelope").getBytes())
                    .getPayload()
                    .toStringUtf8()));
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
    return payloads;
  }
}
