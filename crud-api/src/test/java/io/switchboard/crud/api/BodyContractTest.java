package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.crud.http.BodyContract;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.openapi.ApiDocument;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Request bodies and the API document")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BodyContractTest {

  private static final String UNKNOWN_FIELD = "not_in_the_document";

  private final JsonObject document = ApiDocument.read();
  private final String admin =
      ApiFixture.token(ApiFixture.tenant("contract"), "admin-1", Role.ADMIN);
  // One server for the class, as the test instance is one per class.
  private final ApiFixture api = ApiFixture.start();

  @AfterAll
  void stop() {
    api.close();
  }

  /**
   * Every operation of the crud role with a JSON request body: id, method, path, body schema.
   * Operations another role serves (the hub's server API) check their bodies in that role.
   */
  Stream<Arguments> operationsWithBodies() {
    List<Arguments> operations = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject operation = item.getJsonObject(method);
        if (operation.containsKey("requestBody")
            && !operation.containsKey(BodyContract.ROLE_EXTENSION)) {
          JsonObject schema =
              operation
                  .getJsonObject("requestBody")
                  .getJsonObject("content")
                  .getJsonObject("application/json")
                  .getJsonObject("schema");
          String concrete = path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
          operations.add(
              Arguments.of(
                  operation.getString("operationId"),
                  HttpMethod.valueOf(method.toUpperCase()),
                  concrete,
                  schema));
        }
      }
    }
    assertThat(operations).as("operations with a request body").hasSizeGreaterThan(10);
    return operations.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operationsWithBodies")
  @DisplayName("a body with a field the document does not list is a 400 naming that field")
  void unknownFieldRefused(String operationId, HttpMethod method, String path, JsonObject schema) {
    HttpResponse<Buffer> refused = send(method, path, new JsonObject().put(UNKNOWN_FIELD, true));
    assertThat(reasons(refused)).containsEntry(UNKNOWN_FIELD, "is not a known field");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operationsWithBodies")
  @DisplayName("a body with a field of the wrong JSON type is a 400 naming that field")
  void wrongTypeRefused(String operationId, HttpMethod method, String path, JsonObject schema) {
    JsonObject properties = resolve(schema).getJsonObject("properties");
    String field = properties.fieldNames().iterator().next();
    Object wrong = valueOfAnotherType(typesOf(properties.getJsonObject(field)));
    HttpResponse<Buffer> refused = send(method, path, new JsonObject().put(field, wrong));
    assertThat(reasons(refused)).as(operationId).containsKey(field);
    assertThat(reasons(refused).get(field)).startsWith("must be");
  }

  @Test
  @DisplayName("a transcript segment with a field the document does not list is refused")
  void documentOnlyRuleIsEnforced() {
    // No code of the calls feature lists a segment's fields: only the document's
    // TranscriptSegment schema, with additionalProperties: false, refuses this one.
    String call =
        api.post("/api/v1/calls", admin, new JsonObject().put("direction", "inbound"))
            .bodyAsJsonObject()
            .getString("id");
    String path = "/api/v1/calls/" + call + "/transcript";
    JsonObject segment =
        new JsonObject().put("speaker", "bot").put("text", "Hello").put("startMs", 0);
    JsonObject misspelt = segment.copy().put("endMs", 900).put("confidence", 0.9);
    HttpResponse<Buffer> refused =
        send(
            HttpMethod.POST, path, new JsonObject().put("segments", new JsonArray().add(misspelt)));
    assertThat(reasons(refused)).containsEntry("segments[0].confidence", "is not a known field");

    JsonObject exact = segment.copy().put("endMs", 900);
    HttpResponse<Buffer> accepted =
        send(HttpMethod.POST, path, new JsonObject().put("segments", new JsonArray().add(exact)));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(200);
    assertThat(accepted.bodyAsJsonObject().getJsonArray("transcript")).hasSize(1);
  }

  @Test
  @DisplayName("every refused field of a body is named by its path, with a reason in words")
  void everyFieldNamedByPath() {
    JsonObject body =
        new JsonObject()
            .put("inbox_id", "1-1-1-1-1")
            .put("contact_id", 42)
            .put("channel", "fax")
            .put("labels", new JsonArray().add("ok").add("x".repeat(51)).add(7))
            .put("owner", "me");
    Map<String, String> reasons = reasons(api.post("/api/v1/conversations", admin, body));
    assertThat(reasons)
        .containsEntry("inbox_id", "must be a UUID")
        .containsEntry("contact_id", "must be a string")
        .containsEntry("channel", "must be one of chat, voice")
        .containsEntry("labels[1]", "must be at most 50 characters")
        .containsEntry("labels[2]", "must be a string")
        .containsEntry("owner", "is not a known field")
        .doesNotContainKey("labels");
    Map<String, String> message =
        reasons(
            api.post(
                "/api/v1/conversations/" + UUID.randomUUID() + "/messages",
                admin,
                new JsonObject().put("body", "x".repeat(10_001))));
    assertThat(message).containsExactly(Map.entry("body", "must be at most 10000 characters"));
  }

  @Test
  @DisplayName("routes that leave an operation of the document unserved are refused at start-up")
  void unservedOperationRefused() {
    BodyContract contract = BodyContract.load(api.vertx).await();
    TokenVerifier verifier = TokenVerifier.create(api.vertx, TestTokens.authConfig()).await();
    try {
      Router router = Router.router(api.vertx);
      contract.mount(router, BearerAuthHandler.create(verifier));
      assertThatThrownBy(() -> contract.requireServed(router))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no route serves it");
    } finally {
      verifier.close();
    }
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body) {
    return api.send(method, path, admin, body, Map.of("If-Match", "\"1\""));
  }

  /** The field reasons of a 400 problem+json response, by field. */
  private static Map<String, String> reasons(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors).as(response.bodyAsString()).isNotNull();
    Map<String, String> reasons = new java.util.LinkedHashMap<>();
    errors.forEach(
        e ->
            reasons.put(((JsonObject) e).getString("field"), ((JsonObject) e).getString("reason")));
    return reasons;
  }

  private JsonObject resolve(JsonObject schema) {
    JsonObject current = schema;
    while (current.getValue("$ref") instanceof String ref) {
      current = (JsonObject) JsonPointer.from(ref.substring(1)).queryJson(document);
    }
    return current;
  }

  /** The JSON types a property schema admits. */
  private Set<String> typesOf(JsonObject property) {
    JsonObject schema = resolve(property);
    Set<String> types = new HashSet<>();
    Object type = schema.getValue("type");
    if (type instanceof String single) {
      types.add(single);
    } else if (type instanceof JsonArray several) {
      several.forEach(t -> types.add(String.valueOf(t)));
    }
    JsonArray alternatives = schema.getJsonArray("oneOf", new JsonArray());
    alternatives.forEach(alternative -> types.addAll(typesOf((JsonObject) alternative)));
    return types;
  }

  private static Object valueOfAnotherType(Set<String> types) {
    if (!types.contains("integer") && !types.contains("number")) {
      return 12345;
    }
    if (!types.contains("string")) {
      return "text";
    }
    if (!types.contains("boolean")) {
      return true;
    }
    return new JsonArray();
  }
}
