package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

@DisplayName("Bad input")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

  private static final String PATH = "/api/v1/conversations";

  private ApiFixture api;
  private final String tenant = ApiFixture.tenant("bad");
  private String admin;
  private UUID inbox;
  private UUID contact;
  private String conversation;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
    admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    inbox = api.inbox(tenant);
    contact = api.contact(tenant, null);
    conversation = api.conversation(tenant, inbox, contact, new JsonObject()).getString("id");
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private JsonObject valid() {
    return new JsonObject()
        .put("inbox_id", inbox.toString())
        .put("contact_id", contact.toString())
        .put("channel", "chat");
  }

  Stream<Arguments> badCreates() {
    return Stream.of(
        Arguments.of("not JSON", "{\"inbox_id\": ", "$"),
        Arguments.of("a JSON array", "[1, 2]", "$"),
        Arguments.of("an empty body", "", "$"),
        Arguments.of("an unknown field", valid().put("owner", "me"), "owner"),
        Arguments.of("a number for a UUID", valid().put("inbox_id", 42), "inbox_id"),
        Arguments.of("a malformed UUID", valid().put("contact_id", "1-1-1-1-1"), "contact_id"),
        Arguments.of("an unknown channel", valid().put("channel", "fax"), "channel"),
        Arguments.of("an unknown priority", valid().put("priority", "asap"), "priority"),
        Arguments.of(
            "labels that are not strings",
            valid().put("labels", new JsonArray().add(1)),
            "labels[0]"),
        Arguments.of(
            "an over-long label",
            valid().put("labels", new JsonArray().add("x".repeat(51))),
            "labels[0]"),
        Arguments.of("a missing channel", valid().copy().put("channel", null), "channel"),
        Arguments.of(
            "an inbox of nobody",
            valid().put("inbox_id", UUID.randomUUID().toString()),
            "inbox_id"),
        Arguments.of(
            "a contact of nobody",
            valid().put("contact_id", UUID.randomUUID().toString()),
            "contact_id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCreates")
  @DisplayName("a POST with bad input is a 400 naming the field, and stores nothing")
  void badCreate(String what, Object body, String field) {
    long before = api.count(tenant, "conversations");
    HttpResponse<Buffer> refused = api.post(PATH, admin, body);
    assertProblem(refused, 400, field);
    assertThat(api.count(tenant, "conversations")).isEqualTo(before);
  }

  Stream<Arguments> badPatches() {
    return Stream.of(
        Arguments.of(
            "an unknown status", new JsonObject().put("status", "closed"), "\"1\"", "status"),
        Arguments.of("a null status", new JsonObject().put("status", null), "\"1\"", "status"),
        Arguments.of("an empty change", new JsonObject(), "\"1\"", "$"),
        Arguments.of("an unknown field", new JsonObject().put("version", 9), "\"1\"", "version"),
        Arguments.of(
            "a weak ETag", new JsonObject().put("status", "pending"), "W/\"1\"", "If-Match"),
        Arguments.of(
            "an assignee of nobody",
            new JsonObject().put("assignee_id", UUID.randomUUID().toString()),
            "\"1\"",
            "assignee_id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPatches")
  @DisplayName("a PATCH with bad input is a 400 naming the field, and changes nothing")
  void badPatch(String what, JsonObject body, String ifMatch, String field) {
    HttpResponse<Buffer> refused =
        api.send(
            HttpMethod.PATCH, PATH + "/" + conversation, admin, body, Map.of("If-Match", ifMatch));
    assertProblem(refused, 400, field);
    JsonObject after = api.get(PATH + "/" + conversation, admin).bodyAsJsonObject();
    assertThat(after.getLong("version")).isEqualTo(1);
  }

  Stream<Arguments> badQueries() {
    return Stream.of(
        Arguments.of(PATH + "/not-a-uuid", "id"),
        Arguments.of(PATH + "?limit=0", "limit"),
        Arguments.of(PATH + "?limit=101", "limit"),
        Arguments.of(PATH + "?limit=ten", "limit"),
        Arguments.of(PATH + "?status=gone", "status"),
        Arguments.of(PATH + "?sort=sideways", "sort"),
        Arguments.of(PATH + "?inbox_id=xyz", "inbox_id"),
        Arguments.of(PATH + "?updated_since=yesterday", "updated_since"),
        Arguments.of(PATH + "?updated_since=0000-01-01T00:00:00Z", "updated_since"),
        Arguments.of(PATH + "?updated_since=9999-12-31T23:59:59.999999999-14:00", "updated_since"),
        Arguments.of(PATH + "?label=", "label"),
        Arguments.of(PATH + "?label=a%00b", "label"),
        Arguments.of(PATH + "?cursor=", "cursor"),
        Arguments.of(PATH + "?colour=red", "colour"),
        Arguments.of(PATH + "/" + UUID.randomUUID() + "x/messages", "id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badQueries")
  @DisplayName("a GET with a bad path or query parameter is a 400 naming it")
  void badQuery(String path, String field) {
    assertProblem(api.get(path, admin), 400, field);
  }

  Stream<Arguments> badMessages() {
    return Stream.of(
        Arguments.of(new JsonObject(), "body"),
        Arguments.of(new JsonObject().put("body", ""), "body"),
        Arguments.of(new JsonObject().put("body", "x".repeat(10_001)), "body"),
        Arguments.of(new JsonObject().put("body", 12), "body"),
        Arguments.of(new JsonObject().put("body", "a\u0000b"), "body"),
        Arguments.of("{\"body\": \"\\ud800x\"}", "body"),
        Arguments.of(new JsonObject().put("body", "hi").put("private", "yes"), "private"),
        Arguments.of(
            new JsonObject().put("body", "hi").put("client_message_id", "c".repeat(101)),
            "client_message_id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMessages")
  @DisplayName("a message with bad input is a 400 naming the field, and stores nothing")
  void badMessage(Object body, String field) {
    long before = api.count(tenant, "messages");
    assertProblem(api.post(PATH + "/" + conversation + "/messages", admin, body), 400, field);
    assertThat(api.count(tenant, "messages")).isEqualTo(before);
  }

  @Test
  @DisplayName("SQL-looking text is stored verbatim and the service keeps serving after bad input")
  void sqlLookingTextIsJustText() {
    String text = "'); DROP TABLE conversations; --";
    HttpResponse<Buffer> sent =
        api.post(
            PATH + "/" + conversation + "/messages", admin, new JsonObject().put("body", text));
    assertThat(sent.statusCode()).isEqualTo(201);
    assertThat(sent.bodyAsJsonObject().getString("body")).isEqualTo(text);
    JsonObject created =
        api.conversation(
            tenant, inbox, contact, new JsonObject().put("labels", new JsonArray().add(text)));
    assertThat(created.getJsonArray("labels")).containsExactly(text);
    assertThat(api.get(PATH + "/" + conversation, admin).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("requests without a valid token are 401 and those without the role are 403")
  void authRequired() {
    assertThat(api.get(PATH, null).statusCode()).isEqualTo(401);
    assertThat(api.get(PATH, "not-a-token").statusCode()).isEqualTo(401);
    String agent = ApiFixture.token(tenant, "agent-x", Role.AGENT);
    assertThat(
            api.post(
                    "/api/v1/inboxes",
                    agent,
                    new JsonObject().put("name", "x").put("channel", "chat"))
                .statusCode())
        .isEqualTo(403);
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors).as(response.bodyAsString()).isNotNull();
    List<String> fields = new ArrayList<>();
    errors.forEach(e -> fields.add(((JsonObject) e).getString("field")));
    assertThat(fields).as(response.bodyAsString()).contains(field);
  }
}
