package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.bus.CrudAddresses;
import io.switchboard.platform.error.ProblemMapper;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
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

@DisplayName("The tenant and its modules")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantAdminTest {

  private static final String PATH = "/api/v1/tenant";

  private ApiFixture api;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private HttpResponse<Buffer> patch(String token, String etag, Object body) {
    Map<String, String> headers = etag == null ? Map.of() : Map.of("If-Match", etag);
    return api.send(HttpMethod.PATCH, PATH, token, body, headers);
  }

  private HttpResponse<Buffer> modules(String tenant, String... modules) {
    String admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    String etag = api.get(PATH, admin).getHeader("ETag");
    return patch(admin, etag, new JsonObject().put("modules", new JsonArray(List.of(modules))));
  }

  @Test
  @DisplayName("a new tenant reads as named after its id, with every module and version 1")
  void defaults() {
    String tenant = ApiFixture.tenant("ten-new");
    HttpResponse<Buffer> read = api.get(PATH, ApiFixture.token(tenant, "agent-1", Role.AGENT));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.getHeader("ETag")).isEqualTo("\"1\"");
    JsonObject body = read.bodyAsJsonObject();
    assertThat(body.getString("id")).isEqualTo(tenant);
    assertThat(body.getString("name")).isEqualTo(tenant);
    assertThat(body.getJsonObject("settings")).isEqualTo(new JsonObject());
    assertThat(body.getJsonArray("modules").getList())
        .containsExactly("chat", "voice", "ai", "tickets");
  }

  @Test
  @DisplayName(
      "an admin renames the tenant and stores settings; it is audited and sent as an event")
  void adminChanges() {
    String tenant = ApiFixture.tenant("ten-edit");
    String admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    HttpResponse<Buffer> changed =
        patch(
            admin,
            "\"1\"",
            new JsonObject()
                .put("name", "Acme Support")
                .put("settings", new JsonObject().put("timezone", "Europe/Berlin")));
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.getHeader("ETag")).isEqualTo("\"2\"");
    JsonObject read = api.get(PATH, admin).bodyAsJsonObject();
    assertThat(read.getString("name")).isEqualTo("Acme Support");
    assertThat(read.getJsonObject("settings").getString("timezone")).isEqualTo("Europe/Berlin");
    assertThat(read.getLong("version")).isEqualTo(2);
    assertThat(api.count(tenant, "audit_log")).isEqualTo(1);
    assertThat(api.outboxCount(tenant, tenant)).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a stale If-Match is 412 and changes nothing; a missing one is 428 Precondition Required")
  void staleIfMatch() {
    String tenant = ApiFixture.tenant("ten-stale");
    String admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    assertThat(patch(admin, "\"1\"", new JsonObject().put("name", "First")).statusCode())
        .isEqualTo(200);
    HttpResponse<Buffer> stale = patch(admin, "\"1\"", new JsonObject().put("name", "Second"));
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(patch(admin, null, new JsonObject().put("name", "Third")).statusCode())
        .isEqualTo(428);
    assertThat(api.get(PATH, admin).bodyAsJsonObject().getString("name")).isEqualTo("First");
  }

  @Test
  @DisplayName("agents and supervisors may read the tenant but not change it (403)")
  void onlyAdminsChange() {
    String tenant = ApiFixture.tenant("ten-role");
    for (Role role : new Role[] {Role.AGENT, Role.SUPERVISOR}) {
      String token = ApiFixture.token(tenant, "user-1", role);
      assertThat(api.get(PATH, token).statusCode()).isEqualTo(200);
      assertThat(patch(token, "\"1\"", new JsonObject().put("name", "Mine")).statusCode())
          .isEqualTo(403);
    }
    String customer = ApiFixture.token(tenant, "cust-1", Role.CUSTOMER);
    assertThat(api.get(PATH, customer).statusCode()).isEqualTo(403);
    assertThat(api.count(tenant, "audit_log")).isZero();
  }

  Stream<Arguments> badChanges() {
    return Stream.of(
        Arguments.of("an unknown field", new JsonObject().put("owner", "me"), "owner"),
        Arguments.of("no field at all", new JsonObject(), "$"),
        Arguments.of("null modules", new JsonObject().putNull("modules"), "modules"),
        Arguments.of(
            "an unknown module",
            new JsonObject().put("modules", new JsonArray().add("chat").add("fax")),
            "modules[1]"),
        Arguments.of(
            "modules that are not a list", new JsonObject().put("modules", "chat"), "modules"),
        Arguments.of("an over-long name", new JsonObject().put("name", "x".repeat(201)), "name"),
        Arguments.of(
            "settings that are not an object", new JsonObject().put("settings", 3), "settings"),
        Arguments.of(
            "NUL in a settings string",
            new JsonObject().put("settings", new JsonObject().put("theme", "dark\u0000")),
            "settings.theme"),
        Arguments.of(
            "NUL in a settings key",
            new JsonObject().put("settings", new JsonObject().put("the\u0000me", "dark")),
            "settings"),
        Arguments.of(
            "a lone surrogate in a settings list",
            "{\"settings\": {\"tags\": [\"ok\", \"\\udc00\"]}}",
            "settings.tags[1]"),
        Arguments.of("a lone surrogate in the name", "{\"name\": \"\\ud800x\"}", "name"),
        Arguments.of(
            "over-large settings",
            new JsonObject().put("settings", new JsonObject().put("k", "x".repeat(20_000))),
            "settings"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badChanges")
  @DisplayName("a PATCH with bad input is a 400 naming the field, and changes nothing")
  void badChange(String what, Object body, String field) {
    String tenant = ApiFixture.tenant("ten-bad");
    String admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    HttpResponse<Buffer> refused = patch(admin, "\"1\"", body);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(
            refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo(field);
    JsonObject read = api.get(PATH, admin).bodyAsJsonObject();
    assertThat(read.getLong("version")).isEqualTo(1);
    assertThat(read.getJsonArray("modules").size()).isEqualTo(4);
  }

  @Test
  @DisplayName(
      "with chat switched off, conversations, inboxes and contacts answer 403 module-disabled; switched on, they work again")
  void chatSwitchedOff() {
    String tenant = ApiFixture.tenant("ten-mod");
    String admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    UUID inbox = api.inbox(tenant);
    UUID contact = api.contact(tenant, null);
    String conversation =
        api.conversation(tenant, inbox, contact, new JsonObject()).getString("id");

    HttpResponse<Buffer> off = modules(tenant, "voice", "ai");
    assertThat(off.statusCode()).isEqualTo(200);
    assertThat(off.bodyAsJsonObject().getJsonArray("modules").getList())
        .containsExactly("voice", "ai");

    for (HttpResponse<Buffer> refused :
        new HttpResponse[] {
          api.get("/api/v1/conversations/" + conversation, admin),
          api.get("/api/v1/conversations", admin),
          api.get("/api/v1/conversations/" + conversation + "/messages", admin),
          api.get("/api/v1/inboxes/" + inbox, admin),
          api.post("/api/v1/contacts", admin, new JsonObject().put("name", "New")),
        }) {
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.bodyAsJsonObject().getString("type"))
          .isEqualTo(ProblemMapper.TYPE_BASE + "module-disabled");
    }
    assertThat(api.count(tenant, "contacts")).isEqualTo(1);
    // The tenant itself stays reachable, so that an admin can switch chat back on.
    assertThat(modules(tenant, "chat", "voice").statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/conversations/" + conversation, admin).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "tickets answer 403 module-disabled without the tickets module and canned responses without"
          + " chat, while the knowledge base stays reachable")
  void ticketsAndCannedResponsesFollowTheirModules() {
    String tenant = ApiFixture.tenant("ten-tix");
    String admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    assertThat(
            api.post("/api/v1/tickets", admin, new JsonObject().put("subject", "Printer"))
                .statusCode())
        .isEqualTo(201);

    assertThat(modules(tenant, "voice").statusCode()).isEqualTo(200);
    for (HttpResponse<Buffer> refused :
        new HttpResponse[] {
          api.get("/api/v1/tickets", admin),
          api.post("/api/v1/tickets", admin, new JsonObject().put("subject", "Another")),
          api.get("/api/v1/canned-responses", admin),
        }) {
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.bodyAsJsonObject().getString("type"))
          .isEqualTo(ProblemMapper.TYPE_BASE + "module-disabled");
    }
    assertThat(api.count(tenant, "tickets")).isEqualTo(1);
    assertThat(api.get("/api/v1/kb-articles", admin).statusCode()).isEqualTo(200);

    assertThat(modules(tenant, "tickets", "chat").statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/tickets", admin).statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/canned-responses", admin).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("with chat switched off, the hub's event-bus requests are refused with 403 as well")
  void chatSwitchedOffOnTheBus() {
    String tenant = ApiFixture.tenant("ten-bus");
    UUID inbox = api.inbox(tenant);
    String conversation =
        api.conversation(tenant, inbox, api.contact(tenant, null), new JsonObject())
            .getString("id");
    assertThat(modules(tenant, "voice").statusCode()).isEqualTo(200);
    JsonObject actor =
        new JsonObject().put("user", "bot-1").put("roles", new JsonArray().add("service"));
    Throwable refused =
        api.vertx
            .eventBus()
            .request(
                CrudAddresses.CONVERSATION_GET,
                new JsonObject().put("tenant", tenant).put("actor", actor).put("id", conversation))
            .transform(done -> Future.succeededFuture(done.cause()))
            .await();
    assertThat(refused).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) refused).failureCode()).isEqualTo(403);
    assertThat(refused.getMessage()).contains("chat");
  }
}
