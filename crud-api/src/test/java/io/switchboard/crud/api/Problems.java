package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Assertions on RFC 9457 problem responses. */
final class Problems {

  private Problems() {}

  /** The response is a problem+json of {@code status} whose errors name {@code field}. */
  static void assertProblem(HttpResponse<Buffer> response, int status, String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors).as(response.bodyAsString()).isNotNull();
    List<String> fields = new ArrayList<>();
    errors.forEach(e -> fields.add(((JsonObject) e).getString("field")));
    assertThat(fields).as(response.bodyAsString()).contains(field);
  }
}
