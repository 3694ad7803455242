package io.switchboard.loadtests.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Creates a simulation's tenant data through the REST API, as an admin would ({@code ChatFixture}
 * in the server's tests does the same): inboxes, agents who are members of them, contacts whose
 * {@code external_id} is the customer's token subject, and conversations.
 */
final class Seed {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;
  private final String adminToken;

  Seed(Tokens tokens) {
    this.baseUrl = Env.baseUrl();
    this.adminToken = tokens.token("gatling-admin", "admin");
  }

  /** An inbox of the chat channel; returns its id. */
  String inbox(String name) {
    ObjectNode body = JSON.createObjectNode().put("name", name).put("channel", "chat");
    return post("/api/v1/inboxes", body).path("id").asText();
  }

  /** An agent user whose token subject is {@code externalId}, made a member of {@code inbox}. */
  String agent(String externalId, String inbox) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("external_id", externalId)
            .put("name", "Agent " + externalId)
            .put("role", "agent");
    String row = post("/api/v1/users", body).path("id").asText();
    send("PUT", "/api/v1/inboxes/" + inbox + "/members/" + row, null);
    return row;
  }

  /** A staff user ({@code agent}, {@code supervisor} or {@code admin}) of no inbox; its row id. */
  String user(String externalId, String role) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("external_id", externalId)
            .put("name", role + " " + externalId)
            .put("role", role);
    return post("/api/v1/users", body).path("id").asText();
  }

  /** A contact whose customers' tokens have the subject {@code externalId}; returns its id. */
  String contact(String externalId) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("name", "Customer " + externalId)
            .put("external_id", externalId);
    return post("/api/v1/contacts", body).path("id").asText();
  }

  /** An open chat conversation of {@code contact} in {@code inbox}; returns its id. */
  String conversation(String inbox, String contact) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("inbox_id", inbox)
            .put("contact_id", contact)
            .put("channel", "chat");
    return post("/api/v1/conversations", body).path("id").asText();
  }

  /** Appends a message to {@code conversation} as the admin; returns its offset. */
  long message(String conversation, String body) {
    ObjectNode message = JSON.createObjectNode().put("body", body);
    return post("/api/v1/conversations/" + conversation + "/messages", message)
        .path("offset")
        .asLong();
  }

  private JsonNode post(String path, JsonNode body) {
    return send("POST", path, body);
  }

  private JsonNode send(String method, String path, JsonNode body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + adminToken)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw Env.refuse(
          "cannot reach the node at -DbaseUrl="
              + baseUrl
              + " ("
              + (e instanceof ConnectException || e.getMessage() == null
                  ? "connection refused"
                  : e.getMessage())
              + "); is it running there?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("seeding interrupted", e);
    }
    if (response.statusCode() == 401) {
      throw Env.refuse(
          "the node at "
              + baseUrl
              + " refused the run's token ("
              + detail(response.body())
              + "); -Dsecret or -DsecretFile must be that node's auth.hmac-secret or its"
              + " data/dev-token-secret, or -DtokenFile hold tokens it issued");
    }
    if (response.statusCode() / 100 != 2) {
      throw Env.refuse(
          "seeding the tenant failed: "
              + method
              + " "
              + path
              + " answered "
              + response.statusCode()
              + " ("
              + detail(response.body())
              + ")");
    }
    try {
      return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw Env.refuse(method + " " + path + " answered something that is not JSON");
    }
  }

  /** The {@code detail} of a problem+json body, or the body itself. */
  private static String detail(String body) {
    try {
      JsonNode problem = JSON.readTree(body);
      return problem.hasNonNull("detail") ? problem.get("detail").asText() : body.strip();
    } catch (IOException notJson) {
      return body.strip();
    }
  }
}
