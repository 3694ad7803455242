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
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Knowledge-base articles over REST")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KbArticleApiTest {

  private static final String PATH = "/api/v1/kb-articles";

  private ApiFixture api;
  private final String tenant = ApiFixture.tenant("kb");
  private String admin;
  private String agent;
  private String customer;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
    admin = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    agent = ApiFixture.token(tenant, "agent-1", Role.AGENT);
    customer = ApiFixture.token(tenant, "cust-1", Role.CUSTOMER);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private JsonObject article(JsonObject body) {
    HttpResponse<Buffer> created = api.post(PATH, admin, body);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> patch(String id, String ifMatch, JsonObject body) {
    Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch);
    return api.send(HttpMethod.PATCH, PATH + "/" + id, admin, body, headers);
  }

  private List<String> titles(String query, String token) {
    HttpResponse<Buffer> listed = api.get(PATH + query, token);
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(200);
    List<String> titles = new ArrayList<>();
    listed
        .bodyAsJsonObject()
        .getJsonArray("items")
        .forEach(item -> titles.add(((JsonObject) item).getString("title")));
    return titles;
  }

  @Test
  @DisplayName("an admin writes a draft in English by default that staff read back with its ETag")
  void createAndGet() {
    JsonObject created =
        article(new JsonObject().put("title", "Reset your password").put("body", "Click..."));
    assertThat(created.getBoolean("published")).isFalse();
    assertThat(created.getString("locale")).isEqualTo("en");
    assertThat(created.getJsonArray("tags")).isEmpty();
    HttpResponse<Buffer> read = api.get(PATH + "/" + created.getString("id"), agent);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(read.bodyAsJsonObject()).isEqualTo(created);
    assertThat(api.outboxCount(tenant, created.getString("id"))).isEqualTo(1);
  }

  @Test
  @DisplayName("customers read published articles only: a draft is 404 until it is published")
  void customersSeePublishedOnly() {
    String tag = "vis-" + System.nanoTime();
    JsonObject draft =
        article(
            new JsonObject()
                .put("title", "Draft")
                .put("body", "b")
                .put("tags", new JsonArray().add(tag)));
    article(
        new JsonObject()
            .put("title", "Live")
            .put("body", "b")
            .put("published", true)
            .put("tags", new JsonArray().add(tag)));
    String id = draft.getString("id");
    assertThat(api.get(PATH + "/" + id, customer).statusCode()).isEqualTo(404);
    assertThat(titles("?tag=" + tag, customer)).containsExactly("Live");
    assertThat(titles("?tag=" + tag + "&published=false", customer)).isEmpty();
    assertThat(titles("?tag=" + tag, agent)).containsExactlyInAnyOrder("Draft", "Live");

    assertThat(patch(id, "\"1\"", new JsonObject().put("published", true)).statusCode())
        .isEqualTo(200);
    assertThat(api.get(PATH + "/" + id, customer).statusCode()).isEqualTo(200);
    assertThat(titles("?tag=" + tag, customer)).containsExactlyInAnyOrder("Draft", "Live");
  }

  @Test
  @DisplayName("the list filters by published, locale and tag")
  void filters() {
    String tag = "filt-" + System.nanoTime();
    JsonArray tags = new JsonArray().add(tag);
    article(new JsonObject().put("title", "en draft").put("body", "b").put("tags", tags));
    article(
        new JsonObject()
            .put("title", "de live")
            .put("body", "b")
            .put("locale", "de")
            .put("published", true)
            .put("tags", tags));
    article(
        new JsonObject()
            .put("title", "pt-BR live")
            .put("body", "b")
            .put("locale", "pt-BR")
            .put("published", true)
            .put("tags", tags));
    article(new JsonObject().put("title", "untagged").put("body", "b").put("locale", "de"));
    assertThat(titles("?tag=" + tag + "&locale=de", agent)).containsExactly("de live");
    assertThat(titles("?tag=" + tag + "&published=false", agent)).containsExactly("en draft");
    assertThat(titles("?tag=" + tag + "&published=true", agent))
        .containsExactlyInAnyOrder("de live", "pt-BR live");
  }

  @Test
  @DisplayName("walking the list page by page returns every article once")
  void cursorPagination() {
    String tag = "walk-" + System.nanoTime();
    for (int i = 0; i < 5; i++) {
      article(
          new JsonObject()
              .put("title", "walk " + i)
              .put("body", "b")
              .put("tags", new JsonArray().add(tag)));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page =
          api.get(
                  PATH + "?tag=" + tag + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                  agent)
              .bodyAsJsonObject();
      page.getJsonArray("items").forEach(item -> seen.add(((JsonObject) item).getString("title")));
      cursor = page.getString("next_cursor");
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyInAnyOrder("walk 0", "walk 1", "walk 2", "walk 3", "walk 4");
  }

  @Test
  @DisplayName("a PATCH with the current ETag applies, a stale one is 412, and DELETE makes it 404")
  void patchAndDelete() {
    String id = article(new JsonObject().put("title", "Old").put("body", "b")).getString("id");
    HttpResponse<Buffer> applied =
        patch(
            id,
            "\"1\"",
            new JsonObject().put("title", "New").put("tags", new JsonArray().add("x")));
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(200);
    assertThat(applied.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(applied.bodyAsJsonObject().getString("title")).isEqualTo("New");
    assertThat(applied.bodyAsJsonObject().getJsonArray("tags")).containsExactly("x");
    assertThat(patch(id, "\"1\"", new JsonObject().put("title", "Stale")).statusCode())
        .isEqualTo(412);
    assertThat(patch(id, null, new JsonObject().put("title", "None")).statusCode()).isEqualTo(428);
    assertThat(api.send(HttpMethod.DELETE, PATH + "/" + id, admin, null, Map.of()).statusCode())
        .isEqualTo(204);
    assertThat(api.get(PATH + "/" + id, agent).statusCode()).isEqualTo(404);
    assertThat(api.outboxCount(tenant, id)).isEqualTo(3);
  }

  @Test
  @DisplayName("agents and customers may not write articles")
  void onlyEditorsWrite() {
    String id = article(new JsonObject().put("title", "T").put("body", "b")).getString("id");
    JsonObject body = new JsonObject().put("title", "x").put("body", "y");
    for (String token : List.of(agent, customer)) {
      assertThat(api.post(PATH, token, body).statusCode()).isEqualTo(403);
      assertThat(
              api.send(
                      HttpMethod.PATCH,
                      PATH + "/" + id,
                      token,
                      new JsonObject().put("title", "z"),
                      Map.of("If-Match", "\"1\""))
                  .statusCode())
          .isEqualTo(403);
      assertThat(api.send(HttpMethod.DELETE, PATH + "/" + id, token, null, Map.of()).statusCode())
          .isEqualTo(403);
    }
  }

  Stream<Arguments> badCreates() {
    JsonObject valid = new JsonObject().put("title", "T").put("body", "b");
    return Stream.of(
        Arguments.of("an unknown field", valid.copy().put("author", "me"), "author"),
        Arguments.of("a missing title", new JsonObject().put("body", "b"), "title"),
        Arguments.of("an over-long title", valid.copy().put("title", "x".repeat(501)), "title"),
        Arguments.of("a bad locale", valid.copy().put("locale", "english"), "locale"),
        Arguments.of("a lower-case region", valid.copy().put("locale", "pt-br"), "locale"),
        Arguments.of("published as text", valid.copy().put("published", "yes"), "published"),
        Arguments.of(
            "too many tags",
            valid
                .copy()
                .put("tags", new JsonArray(IntStream.range(0, 21).mapToObj(n -> "t" + n).toList())),
            "tags"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCreates")
  @DisplayName("a POST with bad input is a 400 naming the field, and stores nothing")
  void badCreate(String what, JsonObject body, String field) {
    long before = api.count(tenant, "kb_articles");
    Problems.assertProblem(api.post(PATH, admin, body), 400, field);
    assertThat(api.count(tenant, "kb_articles")).isEqualTo(before);
  }

  @Test
  @DisplayName("a PATCH or list with bad input is a 400 naming the field")
  void badPatchAndQuery() {
    String id = article(new JsonObject().put("title", "Same").put("body", "b")).getString("id");
    Problems.assertProblem(
        patch(id, "\"1\"", new JsonObject().put("published", null)), 400, "published");
    Problems.assertProblem(patch(id, "\"1\"", new JsonObject()), 400, "$");
    Problems.assertProblem(api.get(PATH + "?published=maybe", agent), 400, "published");
    Problems.assertProblem(api.get(PATH + "?locale=xx_YY", agent), 400, "locale");
    assertThat(api.get(PATH + "/" + id, agent).bodyAsJsonObject().getLong("version")).isEqualTo(1);
  }
}
