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
 * {@code --conversations} conversations, whose ids it returns one a line. With {@code --tenants N}
 * (N > 1) it spreads them evenly over the tenants {@code <tenant>-1} to {@code <tenant>-N}, each
 * with an inbox and a contact of its own, and writes {@code tenant id} lines.
 */
final class Seed {

  private static final int CONCURRENCY = 8;

  private final HttpClient http;
  private final String host;
  private final int port;
  private final Tokens tokens;
  private final String tenant;
  private final int count;
  private final int tenants;

  Seed(HttpClient http, String host, int port, Tokens tokens, Options options) {
    this.http = http;
    this.host = host;
    this.port = port;
    this.tokens = tokens;
    this.tenant = options.string("tenant", "bench");
    this.count = options.integer("conversations", 20);
    this.tenants = options.integer("tenants", 1);
    if (tenants < 1 || count % tenants != 0) {
      throw new IllegalArgumentException("--conversations must be a multiple of --tenants");
    }
  }

  String run() {
    if (tenants == 1) {
      return String.join("\n", seed(tenant, count));
    }
    List<String> lines = new ArrayList<>();
    for (int t = 1; t <= tenants; t++) {
      String name = tenant + "-" + t;
      seed(name, count / tenants).forEach(id -> lines.add(name + " " + id));
    }
    return String.join("\n", lines);
  }

  private List<String> seed(String tenant, int count) {
    String adminToken = tokens.mint("bench-admin", "admin", tenant);
    String inbox =
        create(
                adminToken,
                "/api/v1/inboxes",
                new JsonObject().put("name", "Bench").put("channel", "chat"))
            .await();
    String contact =
        create(adminToken, "/api/v1/contacts", new JsonObject().put("name", "Load Customer"))
            .await();
    List<String> ids = new ArrayList<>();
    JsonObject conversation =
        new JsonObject().put("inbox_id", inbox).put("contact_id", contact).put("channel", "chat");
    Pacing.inParallel(
            count,
            CONCURRENCY,
            i ->
                create(adminToken, "/api/v1/conversations", conversation)
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
    return ids;
  }

  private Future<String> create(String adminToken, String path, JsonObject body) {
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
