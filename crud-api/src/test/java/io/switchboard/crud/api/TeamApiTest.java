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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@DisplayName("Teams over REST")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamApiTest {

  private static final String PATH = "/api/v1/teams";

  private ApiFixture api;
  private final String tenant = ApiFixture.tenant("team");
  private final String otherTenant = ApiFixture.tenant("teamb");
  private String admin;
  private String agent;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
    admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    agent = ApiFixture.token(tenant, "agent-1", Role.AGENT);
    api.inbox(tenant);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private UUID user(String sub) {
    return new TenantTransactions(api.pool)
        .inTenant(
            tenant,
            tx ->
                tx.preparedQuery(
                        "INSERT INTO users (tenant_id, external_id, name, role)"
                            + " VALUES ($1, $2, $2, 'agent') RETURNING id")
                    .execute(Tuple.of(tenant, sub))
                    .map(rows -> rows.iterator().next().getUUID("id")))
        .await();
  }

  private String team(String name) {
    HttpResponse<Buffer> created = api.post(PATH, admin, new JsonObject().put("name", name));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String token, Object body) {
    return api.send(method, path, token, body, Map.of());
  }

  @Test
  @DisplayName("an admin creates a team that staff read back with its ETag and find in the list")
  void createReadList() {
    long audited = api.count(tenant, "audit_log");
    HttpResponse<Buffer> created = api.post(PATH, admin, new JsonObject().put("name", "Billing"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");
    String id = created.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> read = api.get(PATH + "/" + id, agent);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(read.bodyAsJsonObject()).isEqualTo(created.bodyAsJsonObject());
    assertThat(
            api.get(PATH + "?limit=100", agent).bodyAsJsonObject().getJsonArray("items").stream()
                .map(t -> ((JsonObject) t).getString("id")))
        .contains(id);
    assertThat(api.outboxCount(tenant, id)).isEqualTo(1);
    assertThat(api.count(tenant, "audit_log")).isEqualTo(audited + 1);
  }

  @Test
  @DisplayName("a team name already in use is 409 and creates nothing")
  void duplicateName() {
    team("Support");
    long before = api.count(tenant, "teams");
    HttpResponse<Buffer> again = api.post(PATH, admin, new JsonObject().put("name", "Support"));
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(409);
    assertThat(again.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(api.count(tenant, "teams")).isEqualTo(before);
  }

  @Test
  @DisplayName("renaming needs the current ETag: a stale one is 412 and the name stays")
  void renameWithIfMatch() {
    String id = team("Sales");
    HttpResponse<Buffer> renamed =
        api.send(
            HttpMethod.PATCH,
            PATH + "/" + id,
            admin,
            new JsonObject().put("name", "Sales EMEA"),
            Map.of("If-Match", "\"1\""));
    assertThat(renamed.statusCode()).as(renamed.bodyAsString()).isEqualTo(200);
    assertThat(renamed.getHeader("ETag")).isEqualTo("\"2\"");
    HttpResponse<Buffer> stale =
        api.send(
            HttpMethod.PATCH,
            PATH + "/" + id,
            admin,
            new JsonObject().put("name", "Sales APAC"),
            Map.of("If-Match", "\"1\""));
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(api.get(PATH + "/" + id, agent).bodyAsJsonObject().getString("name"))
        .isEqualTo("Sales EMEA");
  }

  @Test
  @DisplayName("an admin adds and removes members and deletes the team; agents may only read")
  void membersAndDelete() {
    String id = team("Night shift");
    UUID member = user("agent-night");
    String path = PATH + "/" + id + "/members/" + member;
    assertThat(send(HttpMethod.PUT, path, agent, null).statusCode()).isEqualTo(403);
    assertThat(send(HttpMethod.PUT, path, admin, null).statusCode()).isEqualTo(204);
    assertThat(send(HttpMethod.PUT, path, admin, null).statusCode()).isEqualTo(204);
    assertThat(api.count(tenant, "team_members")).isGreaterThanOrEqualTo(1);
    assertThat(
            send(HttpMethod.PUT, PATH + "/" + id + "/members/" + UUID.randomUUID(), admin, null)
                .statusCode())
        .isEqualTo(404);
    assertThat(send(HttpMethod.DELETE, path, admin, null).statusCode()).isEqualTo(204);
    assertThat(send(HttpMethod.DELETE, path, admin, null).statusCode()).isEqualTo(404);
    assertThat(api.post(PATH, agent, new JsonObject().put("name", "Mine")).statusCode())
        .isEqualTo(403);
    assertThat(send(HttpMethod.DELETE, PATH + "/" + id, agent, null).statusCode()).isEqualTo(403);
    assertThat(send(HttpMethod.DELETE, PATH + "/" + id, admin, null).statusCode()).isEqualTo(204);
    assertThat(api.get(PATH + "/" + id, agent).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("customers get 403, another tenant 404, and a bad name 400")
  void refusals() {
    String id = team("Escalations");
    String customer = ApiFixture.token(tenant, "cust-1", Role.CUSTOMER);
    assertThat(api.get(PATH, customer).statusCode()).isEqualTo(403);
    assertThat(api.get(PATH + "/" + id, customer).statusCode()).isEqualTo(403);
    String otherAdmin = ApiFixture.token(otherTenant, "admin-1", Role.ADMIN);
    assertThat(api.get(PATH + "/" + id, otherAdmin).statusCode()).isEqualTo(404);
    Problems.assertProblem(
        api.post(PATH, admin, new JsonObject().put("name", "x".repeat(201))), 400, "name");
    Problems.assertProblem(api.post(PATH, admin, new JsonObject()), 400, "name");
  }
}
