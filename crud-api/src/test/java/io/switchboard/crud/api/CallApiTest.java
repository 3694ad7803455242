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

@DisplayName("Calls over REST")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallApiTest {

  private static final String PATH = "/api/v1/calls";

  private ApiFixture api;
  private final String tenant = ApiFixture.tenant("call");
  private final String otherTenant = ApiFixture.tenant("callb");
  private String agent;
  private UUID conversation;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
    agent = ApiFixture.token(tenant, "agent-1", Role.AGENT);
    UUID inbox = api.inbox(tenant);
    conversation =
        UUID.fromString(
            api.conversation(tenant, inbox, api.contact(tenant, null), new JsonObject())
                .getString("id"));
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private JsonObject call() {
    HttpResponse<Buffer> created =
        api.post(PATH, agent, new JsonObject().put("direction", "inbound"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> patch(String id, String ifMatch, JsonObject body) {
    Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch);
    return api.send(HttpMethod.PATCH, PATH + "/" + id, agent, body, headers);
  }

  private static JsonObject segment(String speaker, String text, long start, long end) {
    return new JsonObject()
        .put("speaker", speaker)
        .put("text", text)
        .put("startMs", start)
        .put("endMs", end);
  }

  private HttpResponse<Buffer> transcript(String id, JsonArray segments) {
    return api.post(
        PATH + "/" + id + "/transcript", agent, new JsonObject().put("segments", segments));
  }

  @Test
  @DisplayName("an agent starts a call that rings, has an ETag and reads back the same")
  void createAndGet() {
    long audited = api.count(tenant, "audit_log");
    HttpResponse<Buffer> created =
        api.post(
            PATH,
            agent,
            new JsonObject()
                .put("direction", "outbound")
                .put("conversation_id", conversation.toString()));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");
    JsonObject body = created.bodyAsJsonObject();
    assertThat(body.getString("state")).isEqualTo("ringing");
    assertThat(body.getString("direction")).isEqualTo("outbound");
    assertThat(body.getString("conversation_id")).isEqualTo(conversation.toString());
    assertThat(body.getString("answered_at")).isNull();
    assertThat(body.getJsonArray("transcript")).isEmpty();

    HttpResponse<Buffer> read = api.get(PATH + "/" + body.getString("id"), agent);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(read.bodyAsJsonObject()).isEqualTo(body);
    assertThat(api.outboxCount(tenant, body.getString("id"))).isEqualTo(1);
    assertThat(api.count(tenant, "audit_log")).isEqualTo(audited + 1);
  }

  @Test
  @DisplayName("answering stamps answered_at, hanging up stamps ended_at, and a stale ETag is 412")
  void forwardTransitions() {
    String id = call().getString("id");
    HttpResponse<Buffer> answered =
        patch(id, "\"1\"", new JsonObject().put("state", "in-progress"));
    assertThat(answered.statusCode()).as(answered.bodyAsString()).isEqualTo(200);
    assertThat(answered.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(answered.bodyAsJsonObject().getString("answered_at")).isNotNull();
    assertThat(answered.bodyAsJsonObject().getString("ended_at")).isNull();

    HttpResponse<Buffer> stale = patch(id, "\"1\"", new JsonObject().put("state", "ended"));
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(stale.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(patch(id, null, new JsonObject().put("state", "ended")).statusCode()).isEqualTo(428);

    HttpResponse<Buffer> ended =
        patch(
            id,
            "\"2\"",
            new JsonObject().put("state", "ended").put("recording_ref", "s3://rec/" + id));
    assertThat(ended.statusCode()).as(ended.bodyAsString()).isEqualTo(200);
    JsonObject body = ended.bodyAsJsonObject();
    assertThat(body.getString("state")).isEqualTo("ended");
    assertThat(body.getString("ended_at")).isNotNull();
    assertThat(body.getString("answered_at"))
        .isEqualTo(answered.bodyAsJsonObject().getString("answered_at"));
    assertThat(body.getString("recording_ref")).isEqualTo("s3://rec/" + id);
    assertThat(api.outboxCount(tenant, id)).isEqualTo(3);
  }

  @Test
  @DisplayName("moving a call backwards is 409 and leaves it as it was")
  void illegalTransition() {
    String id = call().getString("id");
    assertThat(patch(id, "\"1\"", new JsonObject().put("state", "failed")).statusCode())
        .isEqualTo(200);
    long audited = api.count(tenant, "audit_log");
    HttpResponse<Buffer> back = patch(id, "\"2\"", new JsonObject().put("state", "in-progress"));
    assertThat(back.statusCode()).as(back.bodyAsString()).isEqualTo(409);
    assertThat(back.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject read = api.get(PATH + "/" + id, agent).bodyAsJsonObject();
    assertThat(read.getString("state")).isEqualTo("failed");
    assertThat(read.getString("answered_at")).isNull();
    assertThat(read.getLong("version")).isEqualTo(2);
    assertThat(api.count(tenant, "audit_log")).isEqualTo(audited);
    assertThat(api.outboxCount(tenant, id)).isEqualTo(2);
  }

  @Test
  @DisplayName("transcript segments are appended in order and the call comes back with them")
  void appendTranscript() {
    String id = call().getString("id");
    HttpResponse<Buffer> first =
        transcript(
            id,
            new JsonArray()
                .add(segment("contact", "Hello?", 0, 900))
                .add(segment("agent", "Hi, how can I help?", 900, 2400)));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    assertThat(first.getHeader("ETag")).isEqualTo("\"2\"");
    HttpResponse<Buffer> second =
        transcript(id, new JsonArray().add(segment("bot", "Summary follows.", 2400, 2400)));
    assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(200);
    JsonArray segments = second.bodyAsJsonObject().getJsonArray("transcript");
    assertThat(segments).hasSize(3);
    assertThat(segments.getJsonObject(0)).isEqualTo(segment("contact", "Hello?", 0, 900));
    assertThat(segments.getJsonObject(2).getString("speaker")).isEqualTo("bot");
    assertThat(api.get(PATH + "/" + id, agent).bodyAsJsonObject().getJsonArray("transcript"))
        .isEqualTo(segments);
  }

  Stream<Arguments> badSegments() {
    return Stream.of(
        Arguments.of(
            "an end before the start",
            new JsonArray().add(segment("agent", "hi", 500, 100)),
            "segments[0].endMs"),
        Arguments.of(
            "an unknown speaker",
            new JsonArray().add(segment("agent", "ok", 0, 1)).add(segment("robot", "hi", 0, 1)),
            "segments[1].speaker"),
        Arguments.of(
            "an over-long text",
            new JsonArray().add(segment("contact", "x".repeat(2001), 0, 1)),
            "segments[0].text"),
        Arguments.of(
            "a negative start",
            new JsonArray().add(segment("contact", "hi", -1, 1)),
            "segments[0].startMs"),
        Arguments.of("no segments", new JsonArray(), "segments"),
        Arguments.of(
            "too many segments",
            new JsonArray(Stream.generate(() -> segment("bot", "x", 0, 1)).limit(101).toList()),
            "segments"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSegments")
  @DisplayName("a transcript with a bad segment is a 400 naming it, and appends nothing")
  void badTranscript(String what, JsonArray segments, String field) {
    String id = call().getString("id");
    long audited = api.count(tenant, "audit_log");
    Problems.assertProblem(transcript(id, segments), 400, field);
    JsonObject read = api.get(PATH + "/" + id, agent).bodyAsJsonObject();
    assertThat(read.getJsonArray("transcript")).isEmpty();
    assertThat(read.getLong("version")).isEqualTo(1);
    assertThat(api.count(tenant, "audit_log")).isEqualTo(audited);
  }

  @Test
  @DisplayName("a POST or PATCH with bad input is a 400 naming the field")
  void badInput() {
    long before = api.count(tenant, "calls");
    Problems.assertProblem(api.post(PATH, agent, new JsonObject()), 400, "direction");
    Problems.assertProblem(
        api.post(PATH, agent, new JsonObject().put("direction", "sideways")), 400, "direction");
    Problems.assertProblem(
        api.post(
            PATH,
            agent,
            new JsonObject()
                .put("direction", "inbound")
                .put("conversation_id", UUID.randomUUID().toString())),
        400,
        "conversation_id");
    assertThat(api.count(tenant, "calls")).isEqualTo(before);
    String id = call().getString("id");
    Problems.assertProblem(
        patch(id, "\"1\"", new JsonObject().put("state", "on-hold")), 400, "state");
    Problems.assertProblem(patch(id, "\"1\"", new JsonObject()), 400, "$");
    Problems.assertProblem(api.get(PATH + "?state=bored", agent), 400, "state");
  }

  @Test
  @DisplayName("customers are refused every call route with 403")
  void customersAreRefused() {
    String id = call().getString("id");
    String customer = ApiFixture.token(tenant, "cust-1", Role.CUSTOMER);
    assertThat(api.get(PATH, customer).statusCode()).isEqualTo(403);
    assertThat(api.get(PATH + "/" + id, customer).statusCode()).isEqualTo(403);
    assertThat(api.post(PATH, customer, new JsonObject().put("direction", "inbound")).statusCode())
        .isEqualTo(403);
    assertThat(
            api.send(
                    HttpMethod.PATCH,
                    PATH + "/" + id,
                    customer,
                    new JsonObject().put("state", "ended"),
                    Map.of("If-Match", "\"1\""))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            api.post(
                    PATH + "/" + id + "/transcript",
                    customer,
                    new JsonObject()
                        .put("segments", new JsonArray().add(segment("contact", "hi", 0, 1))))
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  @DisplayName("another tenant's staff get 404 for a call that exists")
  void otherTenantCannotRead() {
    String id = call().getString("id");
    String otherAdmin = ApiFixture.token(otherTenant, "admin-1", Role.ADMIN);
    assertThat(api.get(PATH + "/" + id, otherAdmin).statusCode()).isEqualTo(404);
    assertThat(
            api.send(
                    HttpMethod.PATCH,
                    PATH + "/" + id,
                    otherAdmin,
                    new JsonObject().put("state", "ended"),
                    Map.of("If-Match", "\"1\""))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName("a tenant with voice switched off gets 403 module-disabled")
  void voiceSwitchedOff() {
    String off = ApiFixture.tenant("calloff");
    new TenantTransactions(api.pool)
        .inTenant(
            off,
            tx ->
                tx.preparedQuery(
                        "INSERT INTO tenants (id, name, modules) VALUES ($1, $1, ARRAY['chat'])")
                    .execute(Tuple.of(off)))
        .await();
    String offAgent = ApiFixture.token(off, "agent-1", Role.AGENT);
    HttpResponse<Buffer> refused =
        api.post(PATH, offAgent, new JsonObject().put("direction", "inbound"));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(403);
    assertThat(refused.bodyAsJsonObject().getString("type")).contains("module-disabled");
    assertThat(api.get(PATH, offAgent).statusCode()).isEqualTo(403);
    assertThat(api.count(off, "calls")).isZero();
  }

  @Test
  @DisplayName("walking the list page by page returns every call once, and state filters it")
  void cursorPagination() {
    Set<String> expected = new HashSet<>();
    List<String> seen = new ArrayList<>();
    String failed = call().getString("id");
    assertThat(patch(failed, "\"1\"", new JsonObject().put("state", "failed")).statusCode())
        .isEqualTo(200);
    for (int i = 0; i < 5; i++) {
      expected.add(call().getString("id"));
    }
    String cursor = null;
    do {
      HttpResponse<Buffer> page =
          api.get(PATH + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), agent);
      assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
      page.bodyAsJsonObject()
          .getJsonArray("items")
          .forEach(item -> seen.add(((JsonObject) item).getString("id")));
      cursor = page.bodyAsJsonObject().getString("next_cursor");
    } while (cursor != null);
    assertThat(seen).doesNotHaveDuplicates().containsAll(expected).contains(failed);
    JsonArray onlyFailed =
        api.get(PATH + "?state=failed&limit=100", agent).bodyAsJsonObject().getJsonArray("items");
    assertThat(onlyFailed.stream().map(c -> ((JsonObject) c).getString("state")))
        .containsOnly("failed");
    assertThat(onlyFailed.stream().map(c -> ((JsonObject) c).getString("id"))).contains(failed);
  }
}
