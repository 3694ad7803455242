package io.switchboard.loadtests.hub;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the benchmark's tenant data through the REST API as an admin: one inbox, one contact and
 * {@code --conversations} conversations, whose ids it returns one a line.
 */
final class Seed {

  private static final int CONCURRENCY = 8;

  private final HttpClient http;
  private final String host;
  private final int port;
  private final String adminToken;
  private final int count;

  Seed(HttpClient http, String host, int port, Tokens tokens, Options options) {
    this.http = http;
    this.host = host;
    this.port = port;
    this.adminToken = tokens.mint("bench-admin", "admin");
    this.count = options.integer("conversations", 20);
  }

  String run() {
    String inbox =
        create("/api/v1/inboxes", new JsonObject().put("name", "Bench").put("channel", "chat"))
            .await();
    String contact =
        create("/api/v1/contacts", new JsonObject().put("name", "Load Customer")).await();
    List<String> ids = new ArrayList<>();
    JsonObject conversation =
        new JsonObject().put("inbox_id", inbox).put("contact_id", contact).put("channel", "chat");
    Pacing.inParallel(
            count,
            CONCURRENCY,
            i ->
                create("/api/v1/conversations", conversation)
                    .onSuccess(
                        id -> {
                          synchronized (ids) {
                            ids.add(id);
                          }
                        }))
        .await();
    if (ids.size() != count) {
      throw new IllegalStateException("created " + ids.size() + " of " + count + " conversations");
    }
    return String.join("\n", ids);
  }

  private Future<String> create(String path, JsonObject body) {
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(host)
            .setPort(port)
            .setURI(path)
            .putHeader("Authorization", "Bearer " + adminToken)
            .putHeader("Content-Type", "application/json");
    return http.request(request)
        .compose(call -> call.send(body.toBuffer()))
        .compose(response -> response.body().map(text -> created(path, response, text)));
  }

  private static String created(String path, HttpClientResponse response, Buffer body) {
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw new IllegalStateException(
          "POST " + path + " answered " + response.statusCode() + ": " + body);
    }
    return body.toJsonObject().getString("id");
  }
}
