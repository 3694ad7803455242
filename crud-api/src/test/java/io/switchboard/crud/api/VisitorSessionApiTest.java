package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.platform.auth.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

@DisplayName("Visitor sessions for the chat widget")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VisitorSessionApiTest {

  private static final String PATH = "/api/v1/visitor-sessions";

  private ApiFixture api;
  private final String tenant = ApiFixture.tenant("visit");
  private final String otherTenant = ApiFixture.tenant("visitb");
  private UUID inbox;
  private UUID otherInbox;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
    inbox = api.inbox(tenant);
    otherInbox = api.inbox(otherTenant);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private HttpResponse<Buffer> open(Object body) {
    return api.post(PATH, null, body);
  }

  private JsonObject session(String tenant, UUID inbox) {
    return new JsonObject().put("tenant", tenant).put("inbox_id", inbox.toString());
  }

  @Test
  @Order(1)
  @DisplayName(
      "a visitor gets a customer token for a new contact and conversation, which reads that"
          + " conversation and no other, and is told that the tenant takes calls")
  void opens() {
    HttpResponse<Buffer> opened = open(session(tenant, inbox).put("name", "Ada"));
    assertThat(opened.statusCode()).as(opened.bodyAsString()).isEqualTo(201);
    JsonObject visitor = opened.bodyAsJsonObject();
    String token = visitor.getString("token");
    String conversation = visitor.getString("conversation_id");
    assertThat(visitor.getString("user")).startsWith("visitor-");
    assertThat(visitor.getString("inbox_id")).isEqualTo(inbox.toString());
    assertThat(visitor.getBoolean("voice")).isTrue();

    HttpResponse<Buffer> read = api.get("/api/v1/conversations/" + conversation, token);
    assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getString("contact_id"))
        .isEqualTo(visitor.getString("contact_id"));
    HttpResponse<Buffer> contact =
        api.get(
            "/api/v1/contacts/" + visitor.getString("contact_id"),
            ApiFixture.token(tenant, "admin-1", Role.ADMIN));
    assertThat(contact.bodyAsJsonObject().getString("name")).isEqualTo("Ada");

    // Another visitor's conversation stays out of reach.
    JsonObject other = open(session(tenant, inbox)).bodyAsJsonObject();
    assertThat(other.getString("contact_id")).isNotEqualTo(visitor.getString("contact_id"));
    assertThat(
            api.get("/api/v1/conversations/" + other.getString("conversation_id"), token)
                .statusCode())
        .isEqualTo(404);
    // The token is a customer's: staff routes refuse it.
    assertThat(api.get("/api/v1/contacts/" + visitor.getString("contact_id"), token).statusCode())
        .isEqualTo(403);
  }

  @Test
  @Order(2)
  @DisplayName(
      "resume comes back to the same contact and open conversation, and to a new conversation once"
          + " it is resolved; a tenant that switched voice off is told it takes no calls")
  void resumes() {
    JsonObject first = open(session(tenant, inbox)).bodyAsJsonObject();
    HttpResponse<Buffer> again =
        open(session(tenant, inbox).put("resume", first.getString("resume")));
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(200);
    JsonObject resumed = again.bodyAsJsonObject();
    assertThat(resumed.getString("contact_id")).isEqualTo(first.getString("contact_id"));
    assertThat(resumed.getString("conversation_id")).isEqualTo(first.getString("conversation_id"));
    assertThat(resumed.getString("user")).isEqualTo(first.getString("user"));

    new TenantTransactions(api.pool)
        .inTenant(
            tenant,
            tx ->
                tx.preparedQuery("UPDATE conversations SET status = 'resolved' WHERE id = $1")
                    .execute(Tuple.of(UUID.fromString(first.getString("conversation_id"))))
                    .compose(
                        resolved ->
                            tx.preparedQuery(
                                    "UPDATE tenants SET modules = ARRAY['chat'] WHERE id = $1")
                                .execute(Tuple.of(tenant))))
        .await();
    HttpResponse<Buffer> reopened =
        open(session(tenant, inbox).put("resume", resumed.getString("resume")));
    new TenantTransactions(api.pool)
        .inTenant(
            tenant,
            tx ->
                tx.preparedQuery(
                        "UPDATE tenants SET modules = ARRAY['chat', 'voice', 'ai', 'tickets']"
                            + " WHERE id = $1")
                    .execute(Tuple.of(tenant)))
        .await();
    assertThat(reopened.statusCode()).isEqualTo(201);
    assertThat(reopened.bodyAsJsonObject().getBoolean("voice")).isFalse();
    assertThat(reopened.bodyAsJsonObject().getString("contact_id"))
        .isEqualTo(first.getString("contact_id"));
    assertThat(reopened.bodyAsJsonObject().getString("conversation_id"))
        .isNotEqualTo(first.getString("conversation_id"));
  }

  @Test
  @Order(3)
  @DisplayName(
      "wrong requests get problem+json: bad fields 400, forged or foreign resume 401, another"
          + " tenant's or a voice inbox 404, chat switched off 403")
  void refusesWrongInput() {
    Map<Object, Integer> wrong =
        Map.of(
            new JsonObject().put("inbox_id", inbox.toString()),
            400,
            session(tenant, inbox).put("extra", 1),
            400,
            session("Not A Slug", inbox),
            400,
            new JsonObject().put("tenant", tenant).put("inbox_id", "nope"),
            400,
            "not json",
            400,
            session(tenant, inbox).put("name", ""),
            400,
            session(tenant, inbox).put("resume", "forged.123.abc"),
            401,
            session(tenant, otherInbox),
            404,
            session(tenant, UUID.randomUUID()),
            404,
            session("no-such-tenant", inbox),
            404);
    wrong.forEach(
        (body, status) -> {
          HttpResponse<Buffer> refused = open(body);
          assertThat(refused.statusCode())
              .as(body + " " + refused.bodyAsString())
              .isEqualTo(status);
          assertThat(refused.getHeader("Content-Type")).contains("application/problem+json");
        });
    // The tenant key is written into the message that opens its transaction: a key that would end
    // the quoted value there is refused before it reaches PostgreSQL.
    HttpResponse<Buffer> injected = open(session("x', true); DROP TABLE contacts; --", inbox));
    assertThat(injected.statusCode()).as(injected.bodyAsString()).isEqualTo(400);
    assertThat(injected.bodyAsJsonObject().encode()).contains("tenant");
    assertThat(open(session(tenant, inbox)).statusCode()).isEqualTo(201);

    // A resume credential is bound to its tenant and inbox.
    JsonObject visitor = open(session(tenant, inbox)).bodyAsJsonObject();
    UUID secondInbox = api.inbox(tenant);
    assertThat(
            open(session(tenant, secondInbox).put("resume", visitor.getString("resume")))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            open(session(otherTenant, otherInbox).put("resume", visitor.getString("resume")))
                .statusCode())
        .isEqualTo(401);

    UUID voice =
        UUID.fromString(
            api.post(
                    "/api/v1/inboxes",
                    ApiFixture.token(tenant, "admin-1", Role.ADMIN),
                    new JsonObject().put("name", "Phone").put("channel", "voice"))
                .bodyAsJsonObject()
                .getString("id"));
    assertThat(open(session(tenant, voice)).statusCode()).isEqualTo(404);

    String off = ApiFixture.tenant("visitoff");
    new TenantTransactions(api.pool)
        .inTenant(
            off,
            tx ->
                tx.preparedQuery(
                        "INSERT INTO tenants (id, name, modules) VALUES ($1, $1, ARRAY['voice'])")
                    .execute(Tuple.of(off)))
        .await();
    HttpResponse<Buffer> disabled = open(session(off, inbox));
    assertThat(disabled.statusCode()).as(disabled.bodyAsString()).isEqualTo(403);
    assertThat(disabled.bodyAsJsonObject().getString("type")).contains("module-disabled");
    // Nothing was made for the refused requests.
    assertThat(api.count(off, "contacts")).isZero();
  }

  @Test
  @Order(4)
  @DisplayName("one address opening too many sessions in a minute gets 429 with Retry-After")
  void limitsOneAddress() {
    HttpResponse<Buffer> last = null;
    for (int i = 0; i < 25; i++) {
      last = open(session(tenant, inbox));
      if (last.statusCode() == 429) {
        break;
      }
      assertThat(last.statusCode()).isEqualTo(201);
    }
    assertThat(last.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(last.getHeader("Retry-After"))).isBetween(1L, 60L);
    assertThat(last.bodyAsJsonObject().getString("detail")).contains("visitor sessions");
    // Staff requests from the same address are not counted.
    assertThat(
            api.send(
                    HttpMethod.GET,
                    "/api/v1/conversations",
                    ApiFixture.token(tenant, "admin-1", Role.ADMIN),
                    null,
                    Map.of())
                .statusCode())
        .isEqualTo(200);
  }
}
