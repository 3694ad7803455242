package io.switchboard.loadtests.faults;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Creates the suite's tenant data through the REST API as an admin: an inbox, agents who are its
 * members, and per conversation a contact whose {@code external_id} is its customer's token
 * subject.
 */
final class Seed {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String baseUrl;
  private final String adminToken;

  Seed(int port, Tokens tokens) {
    this.baseUrl = "http://127.0.0.1:" + port;
    this.adminToken = tokens.mint("faults-admin", "admin");
  }

  String inbox(String name) {
    return post("/api/v1/inboxes", new JsonObject().put("name", name).put("channel", "chat"));
  }

  /** An agent user whose token subject is {@code externalId}, a member of {@code inbox}. */
  void agent(String externalId, String inbox) {
    String row =
        post(
            "/api/v1/users",
            new JsonObject()
                .put("external_id", externalId)
                .put("name", "Agent " + externalId)
                .put("role", "agent"));
    send("PUT", "/api/v1/inboxes/" + inbox + "/members/" + row, null);
  }

  /** A conversation of a new contact whose customer's token subject is {@code customer}. */
  String conversation(String inbox, String customer) {
    String contact =
        post(
            "/api/v1/contacts",
            new JsonObject().put("name", "Customer " + customer).put("external_id", customer));
    return post(
        "/api/v1/conversations",
        new JsonObject().put("inbox_id", inbox).put("contact_id", contact).put("channel", "chat"));
  }

  private String post(String path, JsonObject body) {
    return new JsonObject(send("POST", path, body)).getString("id");
  }

  private String send(String method, String path, JsonObject body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + adminToken)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
