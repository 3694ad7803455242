package io.switchboard.server.chat;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.config.ClusterConfig;
import io.switchboard.platform.config.SwitchboardConfig;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.server.NodeFixture;
import io.switchboard.server.NodeLauncher;
import io.switchboard.server.RunningNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Nodes running the hub and crud roles on the machine's PostgreSQL and Redis, and the tenant data a
 * chat needs, made through the REST API as an admin would.
 */
public final class ChatFixture implements AutoCloseable {

  static final int TIMEOUT_SECONDS = 30;
  private static final String HOST = "127.0.0.1";

  private final List<RunningNode> nodes;
  private final Vertx client = Vertx.vertx();
  private final WebClient web = WebClient.create(client);

  /** The configuration of a single node listening on a given port; null for a cluster. */
  private final IntFunction<SwitchboardConfig> singleOnPort;

  private ChatFixture(List<RunningNode> nodes, IntFunction<SwitchboardConfig> singleOnPort) {
    this.nodes = new ArrayList<>(nodes);
    this.singleOnPort = singleOnPort;
  }

  /** One node with {@code settings} (system-property names) on top of the test defaults. */
  public static ChatFixture single(Path dir, Map<String, String> settings) throws Exception {
    return single(dir, settings, List.of("hub", "crud"));
  }

  /** One node running {@code roles} with {@code settings} on top of the test defaults. */
  public static ChatFixture single(Path dir, Map<String, String> settings, List<String> roles)
      throws Exception {
    IntFunction<SwitchboardConfig> onPort =
        port -> {
          Map<String, String> withPort = new HashMap<>(settings);
          withPort.put("switchboard.http.port", Integer.toString(port));
          return NodeFixture.config(dir.resolve("node"), withPort).withRoles(roles);
        };
    return new ChatFixture(
        List.of(NodeLauncher.launch(onPort.apply(0)).await(60, SECONDS)), onPort);
  }

  /**
   * Stops the single node (its chat connections close with 3001) and starts it again on the same
   * port, as an operator restarting it would.
   */
  public void restart() throws Exception {
    if (singleOnPort == null) {
      throw new IllegalStateException("only a single node restarts in place");
    }
    int port = nodes.get(0).httpPort();
    nodes.get(0).close().await(60, SECONDS);
    nodes.set(0, NodeLauncher.launch(singleOnPort.apply(port)).await(60, SECONDS));
  }

  /** Two nodes on one clustered event bus, both running hub and crud. */
  public static ChatFixture cluster(Path dir, Map<String, String> settings) throws Exception {
    return cluster(dir, settings, List.of("hub", "crud"));
  }

  /** Two nodes on one clustered event bus, both running {@code roles}. */
  public static ChatFixture cluster(Path dir, Map<String, String> settings, List<String> roles)
      throws Exception {
    return cluster(dir, settings, roles, 2);
  }

  /** {@code count} nodes on one clustered event bus, each running {@code roles}. */
  public static ChatFixture cluster(
      Path dir, Map<String, String> settings, List<String> roles, int count) throws Exception {
    String name = "switchboard-chat-" + UUID.randomUUID();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ports.add(freePort());
    }
    List<RunningNode> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int port = ports.get(i);
      List<String> members =
          ports.stream().filter(other -> other != port).map(other -> HOST + ":" + other).toList();
      nodes.add(
          NodeLauncher.launch(
                  clustered(dir.resolve("node-" + i), settings, roles, name, port, members))
              .await(60, SECONDS));
    }
    return new ChatFixture(nodes, null);
  }

  private static SwitchboardConfig clustered(
      Path dataDir,
      Map<String, String> settings,
      List<String> roles,
      String name,
      int port,
      List<String> members) {
    return NodeFixture.config(dataDir, settings)
        .withRoles(roles)
        .withCluster(new ClusterConfig(true, name, HOST, port, members, false));
  }

  public RunningNode node(int index) {
    return nodes.get(index);
  }

  /** The chat WebSocket URL of node {@code index}. */
  public String wsUrl(int index) {
    return "ws://" + HOST + ":" + nodes.get(index).httpPort() + "/ws";
  }

  /** A tenant with one inbox, an agent in it, an agent outside it and two customers. */
  public Tenant tenant() throws Exception {
    String tenant = "chat-" + UUID.randomUUID().toString().substring(0, 8);
    String admin = TestTokens.mint(tenant, "admin-1", Role.ADMIN);
    String inbox =
        post(
                admin,
                "/api/v1/inboxes",
                new JsonObject().put("name", "Support").put("channel", "chat"))
            .getString("id");
    String otherInbox =
        post(admin, "/api/v1/inboxes", new JsonObject().put("name", "Sales").put("channel", "chat"))
            .getString("id");
    String agentRow =
        post(
                admin,
                "/api/v1/users",
                new JsonObject()
                    .put("external_id", "agent-1")
                    .put("name", "Ann")
                    .put("role", "agent"))
            .getString("id");
    put(admin, "/api/v1/inboxes/" + inbox + "/members/" + agentRow);
    post(
        admin,
        "/api/v1/users",
        new JsonObject().put("external_id", "agent-2").put("name", "Bob").put("role", "agent"));
    Map<String, String> conversations = new HashMap<>();
    for (String customer : List.of("customer-1", "customer-2")) {
      String contact =
          post(
                  admin,
                  "/api/v1/contacts",
                  new JsonObject().put("name", customer).put("external_id", customer))
              .getString("id");
      conversations.put(
          customer,
          post(
                  admin,
                  "/api/v1/conversations",
                  new JsonObject()
                      .put("inbox_id", inbox)
                      .put("contact_id", contact)
                      .put("channel", "chat"))
              .getString("id"));
    }
    return new Tenant(
        tenant,
        inbox,
        otherInbox,
        conversations.get("customer-1"),
        conversations.get("customer-2"));
  }

  /** A tenant's ids and tokens. */
  public record Tenant(
      String id, String inbox, String otherInbox, String conversation, String otherConversation) {

    public String admin() {
      return TestTokens.mint(id, "admin-1", Role.ADMIN);
    }

    /** The agent who is a member of {@link #inbox}. */
    public String agent() {
      return TestTokens.mint(id, "agent-1", Role.AGENT);
    }

    /** An agent of no inbox. */
    public String outsider() {
      return TestTokens.mint(id, "agent-2", Role.AGENT);
    }

    /** The customer of {@link #conversation}. */
    public String customer() {
      return TestTokens.mint(id, "customer-1", Role.CUSTOMER);
    }

    /** The customer of {@link #otherConversation}. */
    public String otherCustomer() {
      return TestTokens.mint(id, "customer-2", Role.CUSTOMER);
    }

    public String channel() {
      return "conversation:" + conversation;
    }
  }

  /** Opens {@code count} more conversations in the tenant's inbox, returning their ids. */
  public List<String> conversations(Tenant t, int count) throws Exception {
    String contact =
        post(
                t.admin(),
                "/api/v1/contacts",
                new JsonObject().put("name", "many").put("external_id", "customer-many"))
            .getString("id");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(
          post(
                  t.admin(),
                  "/api/v1/conversations",
                  new JsonObject()
                      .put("inbox_id", t.inbox())
                      .put("contact_id", contact)
                      .put("channel", "chat"))
              .getString("id"));
    }
    return ids;
  }

  /** The messages of a conversation as the REST API lists them. */
  public List<JsonObject> messages(String token, String conversation) throws Exception {
    HttpResponse<Buffer> response =
        web.get(
                nodes.get(0).httpPort(),
                HOST,
                "/api/v1/conversations/" + conversation + "/messages?limit=200")
            .bearerTokenAuthentication(token)
            .send()
            .await(TIMEOUT_SECONDS, SECONDS);
    List<JsonObject> out = new ArrayList<>();
    response.bodyAsJsonObject().getJsonArray("items").forEach(item -> out.add((JsonObject) item));
    return out;
  }

  /** Stores a message through the REST API. */
  public JsonObject postMessage(String token, String conversation, String body) throws Exception {
    return post(
        token,
        "/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("body", body));
  }

  /** The Prometheus text of node {@code index}. */
  public String metrics(int index) throws Exception {
    return web.get(nodes.get(index).httpPort(), HOST, "/metrics")
        .send()
        .await(TIMEOUT_SECONDS, SECONDS)
        .bodyAsString();
  }

  /** Changes a conversation through REST as an admin would, at its current version. */
  public JsonObject updateConversation(String token, String conversation, JsonObject change)
      throws Exception {
    return patch(token, "/api/v1/conversations/" + conversation, change);
  }

  /** GETs {@code path} as {@code token}; the JSON body of a 200. */
  public JsonObject get(String token, String path) throws Exception {
    HttpResponse<Buffer> response =
        web.get(nodes.get(0).httpPort(), HOST, path)
            .bearerTokenAuthentication(token)
            .send()
            .await(TIMEOUT_SECONDS, SECONDS);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  /** Changes the resource at {@code path} at its current version (GET, then PATCH If-Match). */
  public JsonObject patch(String token, String path, JsonObject change) throws Exception {
    HttpResponse<Buffer> current =
        web.get(nodes.get(0).httpPort(), HOST, path)
            .bearerTokenAuthentication(token)
            .send()
            .await(TIMEOUT_SECONDS, SECONDS);
    HttpResponse<Buffer> response =
        web.patch(nodes.get(0).httpPort(), HOST, path)
            .bearerTokenAuthentication(token)
            .putHeader("If-Match", current.getHeader("ETag"))
            .sendJsonObject(change)
            .await(TIMEOUT_SECONDS, SECONDS);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  /** POSTs {@code body} to {@code path} as {@code token}; the created resource. */
  public JsonObject post(String token, String path, JsonObject body) throws Exception {
    HttpResponse<Buffer> response =
        web.post(nodes.get(0).httpPort(), HOST, path)
            .bearerTokenAuthentication(token)
            .sendJsonObject(body)
            .await(TIMEOUT_SECONDS, SECONDS);
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  /** DELETEs {@code path} as {@code token}; fails unless it answers 204. */
  public void delete(String token, String path) throws Exception {
    HttpResponse<Buffer> response =
        web.delete(nodes.get(0).httpPort(), HOST, path)
            .bearerTokenAuthentication(token)
            .send()
            .await(TIMEOUT_SECONDS, SECONDS);
    if (response.statusCode() != 204) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + ": " + response.bodyAsString());
    }
  }

  /** PUTs to {@code path} as {@code token}, with no body. */
  public void put(String token, String path) throws Exception {
    HttpResponse<Buffer> response =
        web.put(nodes.get(0).httpPort(), HOST, path)
            .bearerTokenAuthentication(token)
            .send()
            .await(TIMEOUT_SECONDS, SECONDS);
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + ": " + response.bodyAsString());
    }
  }

  /** The Vert.x of the test's own clients. */
  public Vertx clientVertx() {
    return client;
  }

  @Override
  public void close() throws Exception {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close().await(60, SECONDS);
    }
    web.close();
    client.close().await(TIMEOUT_SECONDS, SECONDS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
