package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Canned responses over REST")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CannedResponseApiTest {

  private static final String PATH = "/api/v1/canned-responses";

  private ApiFixture api;
  private final String tenant = ApiFixture.tenant("canned");
  private String supervisor;
  private String agent;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
    supervisor = ApiFixture.token(tenant, "sup-1", Role.SUPERVISOR);
    agent = ApiFixture.token(tenant, "agent-1", Role.AGENT);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private JsonObject canned(String shortCode, String content) {
    HttpResponse<Buffer> created =
        api.post(
            PATH,
            supervisor,
            new JsonObject().put("short_code", shortCode).put("content", content));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> patch(String id, String ifMatch, JsonObject body) {
    Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch);
    return api.send(HttpMethod.PATCH, PATH + "/" + id, supervisor, body, headers);
  }

  private List<String> codes(String query) {
    HttpResponse<Buffer> listed = api.get(PATH + query, agent);
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(200);
    List<String> codes = new ArrayList<>();
    listed
        .bodyAsJsonObject()
        .getJsonArray("items")
        .forEach(item -> codes.add(((JsonObject) item).getString("short_code")));
    return codes;
  }

  @Test
  @DisplayName("a supervisor creates a canned response that an agent reads back with its ETag")
  void createAndGet() {
    JsonObject created = canned("greet", "Hello, how can I help?");
    assertThat(created.getLong("version")).isEqualTo(1);
    HttpResponse<Buffer> read = api.get(PATH + "/" + created.getString("id"), agent);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(read.bodyAsJsonObject()).isEqualTo(created);
    assertThat(api.outboxCount(tenant, created.getString("id"))).isEqualTo(1);
  }

  @Test
  @DisplayName("a second canned response with a short code in use is 409 and stores nothing")
  void duplicateShortCode() {
    canned("dup", "first");
    long before = api.count(tenant, "canned_responses");
    HttpResponse<Buffer> again =
        api.post(PATH, supervisor, new JsonObject().put("short_code", "dup").put("content", "2"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(api.count(tenant, "canned_responses")).isEqualTo(before);

    String other = canned("dup-2", "second").getString("id");
    assertThat(patch(other, "\"1\"", new JsonObject().put("short_code", "dup")).statusCode())
        .isEqualTo(409);
  }

  @Test
  @DisplayName("q lists canned responses by short-code prefix, taking _ literally")
  void prefixSearch() {
    canned("ship_late", "Sorry it is late");
    canned("ship_lost", "Sorry it is lost");
    canned("shipxlost", "Not a match for ship_");
    canned("refund", "Refunded");
    assertThat(codes("?q=ship_")).containsExactlyInAnyOrder("ship_late", "ship_lost");
    assertThat(codes("?q=ref")).containsExactly("refund");
  }

  @Test
  @DisplayName("walking the list page by page returns every canned response once")
  void cursorPagination() {
    for (int i = 0; i < 5; i++) {
      canned("walk-" + i, "text " + i);
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page =
          api.get(PATH + "?q=walk-&limit=2" + (cursor == null ? "" : "&cursor=" + cursor), agent)
              .bodyAsJsonObject();
      page.getJsonArray("items")
          .forEach(item -> seen.add(((JsonObject) item).getString("short_code")));
      cursor = page.getString("next_cursor");
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyInAnyOrder("walk-0", "walk-1", "walk-2", "walk-3", "walk-4");
  }

  @Test
  @DisplayName("a PATCH with the current ETag applies, a stale one is 412, and DELETE makes it 404")
  void patchAndDelete() {
    String id = canned("bye", "Goodbye").getString("id");
    HttpResponse<Buffer> applied = patch(id, "\"1\"", new JsonObject().put("content", "Bye!"));
    assertThat(applied.statusCode()).isEqualTo(200);
    assertThat(applied.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(applied.bodyAsJsonObject().getString("content")).isEqualTo("Bye!");
    assertThat(applied.bodyAsJsonObject().getString("short_code")).isEqualTo("bye");
    assertThat(patch(id, "\"1\"", new JsonObject().put("content", "x")).statusCode())
        .isEqualTo(412);
    assertThat(
            api.send(HttpMethod.DELETE, PATH + "/" + id, supervisor, null, Map.of()).statusCode())
        .isEqualTo(204);
    assertThat(api.get(PATH + "/" + id, agent).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("agents read but may not write canned responses; customers may not read them")
  void roles() {
    String id = canned("roles", "text").getString("id");
    JsonObject body = new JsonObject().put("short_code", "agent-made").put("content", "x");
    assertThat(api.post(PATH, agent, body).statusCode()).isEqualTo(403);
    assertThat(
            api.send(
                    HttpMethod.PATCH,
                    PATH + "/" + id,
                    agent,
                    new JsonObject().put("content", "y"),
                    Map.of("If-Match", "\"1\""))
                .statusCode())
        .isEqualTo(403);
    assertThat(api.send(HttpMethod.DELETE, PATH + "/" + id, agent, null, Map.of()).statusCode())
        .isEqualTo(403);
    String customer = ApiFixture.token(tenant, "cust-1", Role.CUSTOMER);
    assertThat(api.get(PATH, customer).statusCode()).isEqualTo(403);
    assertThat(api.get(PATH + "/" + id, customer).statusCode()).isEqualTo(403);
  }

  Stream<Arguments> badCreates() {
    JsonObject valid = new JsonObject().put("short_code", "ok").put("content", "text");
    return Stream.of(
        Arguments.of("an unknown field", valid.copy().put("title", "x"), "title"),
        Arguments.of(
            "upper case in the short code", valid.copy().put("short_code", "Hi"), "short_code"),
        Arguments.of(
            "a space in the short code", valid.copy().put("short_code", "a b"), "short_code"),
        Arguments.of(
            "an over-long short code",
            valid.copy().put("short_code", "a".repeat(51)),
            "short_code"),
        Arguments.of("over-long content", valid.copy().put("content", "x".repeat(5001)), "content"),
        Arguments.of("missing content", new JsonObject().put("short_code", "ok"), "content"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCreates")
  @DisplayName("a POST with bad input is a 400 naming the field, and stores nothing")
  void badCreate(String what, JsonObject body, String field) {
    long before = api.count(tenant, "canned_responses");
    Problems.assertProblem(api.post(PATH, supervisor, body), 400, field);
    assertThat(api.count(tenant, "canned_responses")).isEqualTo(before);
  }

  @Test
  @DisplayName("a PATCH or list with bad input is a 400 naming the field")
  void badPatchAndQuery() {
    String id = canned("untouched", "text").getString("id");
    Problems.assertProblem(
        patch(id, "\"1\"", new JsonObject().put("content", null)), 400, "content");
    Problems.assertProblem(patch(id, "\"1\"", new JsonObject()), 400, "$");
    Problems.assertProblem(api.get(PATH + "?q=" + "a".repeat(51), agent), 400, "q");
    Problems.assertProblem(api.get(PATH + "?sort=asc", agent), 400, "sort");
    assertThat(api.get(PATH + "/" + id, agent).bodyAsJsonObject().getLong("version")).isEqualTo(1);
  }
}
