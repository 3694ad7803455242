package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
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

@DisplayName("Users and inbox members")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserAdminTest {

  private static final String PATH = "/api/v1/users";

  private ApiFixture api;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private static String admin(String tenant) {
    return ApiFixture.token(tenant, "admin-1", Role.ADMIN);
  }

  private static JsonObject agent(String sub) {
    return new JsonObject()
        .put("external_id", sub)
        .put("name", "Agent " + sub)
        .put("role", "agent");
  }

  private HttpResponse<Buffer> create(String tenant, JsonObject body) {
    return api.post(PATH, admin(tenant), body);
  }

  private HttpResponse<Buffer> patch(String path, String token, String etag, JsonObject body) {
    Map<String, String> headers = etag == null ? Map.of() : Map.of("If-Match", etag);
    return api.send(HttpMethod.PATCH, path, token, body, headers);
  }

  private HttpResponse<Buffer> delete(String path, String token) {
    return api.send(HttpMethod.DELETE, path, token, null, Map.of());
  }

  private HttpResponse<Buffer> put(String path, String token) {
    return api.send(HttpMethod.PUT, path, token, null, Map.of());
  }

  @Test
  @DisplayName(
      "an admin creates, reads, lists, changes and deletes a user, each write audited and sent as an event")
  void lifecycle() {
    String tenant = ApiFixture.tenant("usr-life");
    HttpResponse<Buffer> created = create(tenant, agent("agent-7").put("email", "a7@example.com"));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");
    JsonObject user = created.bodyAsJsonObject();
    assertThat(user.getString("availability")).isEqualTo("offline");
    String path = PATH + "/" + user.getString("id");

    String supervisor = ApiFixture.token(tenant, "sup-1", Role.SUPERVISOR);
    assertThat(api.get(path, supervisor).bodyAsJsonObject().getString("email"))
        .isEqualTo("a7@example.com");
    assertThat(api.get(PATH, supervisor).bodyAsJsonObject().getJsonArray("items").size())
        .isEqualTo(1);

    HttpResponse<Buffer> promoted =
        patch(
            path,
            admin(tenant),
            "\"1\"",
            new JsonObject().put("role", "supervisor").putNull("email"));
    assertThat(promoted.statusCode()).isEqualTo(200);
    assertThat(promoted.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(promoted.bodyAsJsonObject().getString("role")).isEqualTo("supervisor");
    assertThat(promoted.bodyAsJsonObject().getString("email")).isNull();

    assertThat(delete(path, admin(tenant)).statusCode()).isEqualTo(204);
    assertThat(api.get(path, supervisor).statusCode()).isEqualTo(404);
    assertThat(api.count(tenant, "audit_log")).isEqualTo(3);
    assertThat(api.outboxCount(tenant, user.getString("id"))).isEqualTo(3);
  }

  @Test
  @DisplayName("the same external_id twice is 409")
  void duplicate() {
    String tenant = ApiFixture.tenant("usr-dup");
    assertThat(create(tenant, agent("a-1")).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> again = create(tenant, agent("a-1"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(api.count(tenant, "users")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "agents and supervisors cannot create, change, delete users or manage members (403), and nothing is written")
  void onlyAdminsManage() {
    String tenant = ApiFixture.tenant("usr-role");
    String id = create(tenant, agent("a-1")).bodyAsJsonObject().getString("id");
    UUID inbox = api.inbox(tenant);
    long audited = api.count(tenant, "audit_log");
    for (Role role : new Role[] {Role.AGENT, Role.SUPERVISOR}) {
      String token = ApiFixture.token(tenant, "other-" + role.wireName(), role);
      assertThat(api.post(PATH, token, agent("a-2")).statusCode()).isEqualTo(403);
      assertThat(
              patch(PATH + "/" + id, token, "\"1\"", new JsonObject().put("name", "X"))
                  .statusCode())
          .isEqualTo(403);
      assertThat(delete(PATH + "/" + id, token).statusCode()).isEqualTo(403);
      String member = "/api/v1/inboxes/" + inbox + "/members/" + id;
      assertThat(put(member, token).statusCode()).isEqualTo(403);
      assertThat(delete(member, token).statusCode()).isEqualTo(403);
    }
    assertThat(api.count(tenant, "users")).isEqualTo(1);
    assertThat(api.count(tenant, "inbox_members")).isZero();
    assertThat(api.count(tenant, "audit_log")).isEqualTo(audited);
  }

  @Test
  @DisplayName(
      "an agent sets their own availability, but not their role nor anyone else's availability")
  void ownAvailability() {
    String tenant = ApiFixture.tenant("usr-self");
    String mine = PATH + "/" + create(tenant, agent("a-1")).bodyAsJsonObject().getString("id");
    String theirs = PATH + "/" + create(tenant, agent("a-2")).bodyAsJsonObject().getString("id");
    String token = ApiFixture.token(tenant, "a-1", Role.AGENT);

    HttpResponse<Buffer> online =
        patch(mine, token, "\"1\"", new JsonObject().put("availability", "online"));
    assertThat(online.statusCode()).isEqualTo(200);
    assertThat(online.bodyAsJsonObject().getString("availability")).isEqualTo("online");
    assertThat(patch(mine, token, "\"2\"", new JsonObject().put("role", "admin")).statusCode())
        .isEqualTo(403);
    assertThat(
            patch(theirs, token, "\"1\"", new JsonObject().put("availability", "online"))
                .statusCode())
        .isEqualTo(403);
    assertThat(api.get(theirs, token).bodyAsJsonObject().getString("availability"))
        .isEqualTo("offline");
  }

  @Test
  @DisplayName("a stale If-Match on a user is 412 and changes nothing")
  void staleIfMatch() {
    String tenant = ApiFixture.tenant("usr-stale");
    String path = PATH + "/" + create(tenant, agent("a-1")).bodyAsJsonObject().getString("id");
    assertThat(
            patch(path, admin(tenant), "\"1\"", new JsonObject().put("name", "One")).statusCode())
        .isEqualTo(200);
    assertThat(
            patch(path, admin(tenant), "\"1\"", new JsonObject().put("name", "Two")).statusCode())
        .isEqualTo(412);
    assertThat(api.get(path, admin(tenant)).bodyAsJsonObject().getString("name")).isEqualTo("One");
  }

  Stream<Arguments> badCreates() {
    return Stream.of(
        Arguments.of("an unknown field", agent("a-1").put("password", "x"), "password"),
        Arguments.of("an unknown role", agent("a-1").put("role", "owner"), "role"),
        Arguments.of("a missing role", agent("a-1").putNull("role"), "role"),
        Arguments.of("an over-long name", agent("a-1").put("name", "x".repeat(201)), "name"),
        Arguments.of("a missing external_id", agent("a-1").putNull("external_id"), "external_id"),
        Arguments.of("an email that is not a string", agent("a-1").put("email", 5), "email"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCreates")
  @DisplayName("a POST of a user with bad input is a 400 naming the field, and stores nothing")
  void badCreate(String what, JsonObject body, String field) {
    String tenant = ApiFixture.tenant("usr-bad");
    HttpResponse<Buffer> refused = create(tenant, body);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(
            refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo(field);
    assertThat(api.count(tenant, "users")).isZero();
  }

  @Test
  @DisplayName("bad ids and bad changes are 400 naming the field, and change nothing")
  void badIdsAndChanges() {
    String tenant = ApiFixture.tenant("usr-badid");
    String path = PATH + "/" + create(tenant, agent("a-1")).bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> badId = api.get(PATH + "/not-a-uuid", admin(tenant));
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(badId.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("id");
    HttpResponse<Buffer> badRole =
        patch(path, admin(tenant), "\"1\"", new JsonObject().put("role", "root"));
    assertThat(badRole.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> badAvailability =
        patch(path, admin(tenant), "\"1\"", new JsonObject().put("availability", "asleep"));
    assertThat(
            badAvailability
                .bodyAsJsonObject()
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("field"))
        .isEqualTo("availability");
    HttpResponse<Buffer> badMember =
        put("/api/v1/inboxes/" + api.inbox(tenant) + "/members/42", admin(tenant));
    assertThat(badMember.statusCode()).isEqualTo(400);
    assertThat(
            badMember.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("user_id");
    assertThat(api.get(path, admin(tenant)).bodyAsJsonObject().getLong("version")).isEqualTo(1);
    assertThat(api.count(tenant, "inbox_members")).isZero();
  }

  @Test
  @DisplayName("tenant B cannot read, change or delete tenant A's user: 404")
  void tenantIsolation() {
    String tenantA = ApiFixture.tenant("usr-a");
    String tenantB = ApiFixture.tenant("usr-b");
    String path = PATH + "/" + create(tenantA, agent("a-1")).bodyAsJsonObject().getString("id");
    assertThat(api.get(path, admin(tenantB)).statusCode()).isEqualTo(404);
    assertThat(patch(path, admin(tenantB), "\"1\"", new JsonObject().put("name", "B")).statusCode())
        .isEqualTo(404);
    assertThat(delete(path, admin(tenantB)).statusCode()).isEqualTo(404);
    assertThat(api.get(PATH, admin(tenantB)).bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(api.get(path, admin(tenantA)).bodyAsJsonObject().getString("name"))
        .isEqualTo("Agent a-1");
  }

  @Test
  @DisplayName(
      "after an admin adds an agent to an inbox the agent sees its conversations, and after removing no longer")
  void membershipGivesVisibility() {
    String tenant = ApiFixture.tenant("usr-mem");
    UUID inbox = api.inbox(tenant);
    String conversation =
        api.conversation(tenant, inbox, api.contact(tenant, null), new JsonObject())
            .getString("id");
    String userId = create(tenant, agent("agent-9")).bodyAsJsonObject().getString("id");
    String agent = ApiFixture.token(tenant, "agent-9", Role.AGENT);
    String seen = "/api/v1/conversations/" + conversation;
    String members = "/api/v1/inboxes/" + inbox + "/members";
    assertThat(api.get(seen, agent).statusCode()).isEqualTo(404);

    assertThat(put(members + "/" + userId, admin(tenant)).statusCode()).isEqualTo(204);
    assertThat(put(members + "/" + userId, admin(tenant)).statusCode()).isEqualTo(204);
    assertThat(api.get(seen, agent).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> listed = api.get(members, agent);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id"))
        .isEqualTo(userId);

    assertThat(delete(members + "/" + userId, admin(tenant)).statusCode()).isEqualTo(204);
    assertThat(api.get(seen, agent).statusCode()).isEqualTo(404);
    assertThat(delete(members + "/" + userId, admin(tenant)).statusCode()).isEqualTo(404);
    assertThat(api.get(members, agent).bodyAsJsonObject().getJsonArray("items")).isEmpty();
    // One event for the add (the repeat changed nothing) and one for the removal.
    assertThat(api.outboxCount(tenant, inbox.toString())).isEqualTo(3);
  }

  @Test
  @DisplayName(
      "adding a user that does not exist is 400 on user_id; an inbox that does not exist is 404")
  void missingMembers() {
    String tenant = ApiFixture.tenant("usr-miss");
    UUID inbox = api.inbox(tenant);
    String userId = create(tenant, agent("a-1")).bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> noUser =
        put("/api/v1/inboxes/" + inbox + "/members/" + UUID.randomUUID(), admin(tenant));
    assertThat(noUser.statusCode()).isEqualTo(400);
    assertThat(noUser.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("user_id");
    assertThat(
            put("/api/v1/inboxes/" + UUID.randomUUID() + "/members/" + userId, admin(tenant))
                .statusCode())
        .isEqualTo(404);
    assertThat(api.count(tenant, "inbox_members")).isZero();
  }

  @Test
  @DisplayName("a user still assigned to a conversation cannot be deleted (409) and stays")
  void assignedUserStays() {
    String tenant = ApiFixture.tenant("usr-asg");
    String userId = create(tenant, agent("a-1")).bodyAsJsonObject().getString("id");
    JsonObject conversation =
        api.conversation(tenant, api.inbox(tenant), api.contact(tenant, null), new JsonObject());
    HttpResponse<Buffer> assigned =
        patch(
            "/api/v1/conversations/" + conversation.getString("id"),
            admin(tenant),
            "\"1\"",
            new JsonObject().put("assignee_id", userId));
    assertThat(assigned.statusCode()).isEqualTo(200);
    assertThat(delete(PATH + "/" + userId, admin(tenant)).statusCode()).isEqualTo(409);
    assertThat(api.get(PATH + "/" + userId, admin(tenant)).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a PATCH that sets nothing, or nulls a required field, is 400 and changes nothing")
  void emptyOrNullChange() {
    String tenant = ApiFixture.tenant("usr-empty");
    String path = PATH + "/" + create(tenant, agent("a-1")).bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> empty = patch(path, admin(tenant), "\"1\"", new JsonObject());
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("$");
    HttpResponse<Buffer> nulled =
        patch(path, admin(tenant), "\"1\"", new JsonObject().putNull("role"));
    assertThat(nulled.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("role");
    assertThat(api.get(path, admin(tenant)).bodyAsJsonObject().getLong("version")).isEqualTo(1);
  }
}
