package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.bus.CrudAddresses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@DisplayName("Messages, and who sees which conversation")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessagesAndVisibilityTest {

  private static final String PATH = "/api/v1/conversations";

  private ApiFixture api;
  private final String tenantA = ApiFixture.tenant("vis-a");
  private final String tenantB = ApiFixture.tenant("vis-b");
  private String adminA;
  private UUID inboxA;
  private UUID otherInboxA;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
    adminA = ApiFixture.token(tenantA, "admin-1", Role.ADMIN);
    inboxA = api.inbox(tenantA);
    otherInboxA = api.inbox(tenantA);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private String messages(String conversation) {
    return PATH + "/" + conversation + "/messages";
  }

  private List<Long> offsets(HttpResponse<Buffer> listed) {
    List<Long> offsets = new ArrayList<>();
    listed
        .bodyAsJsonObject()
        .getJsonArray("items")
        .forEach(item -> offsets.add(((JsonObject) item).getLong("offset")));
    return offsets;
  }

  @Test
  @DisplayName("messages get offsets 1, 2, 3 and a repeated client_message_id is stored once")
  void offsetsAndClientIds() {
    String id =
        api.conversation(tenantA, inboxA, api.contact(tenantA, null), new JsonObject())
            .getString("id");
    for (int i = 1; i <= 3; i++) {
      HttpResponse<Buffer> sent =
          api.post(
              messages(id),
              adminA,
              new JsonObject().put("body", "hello " + i).put("client_message_id", "m" + i));
      assertThat(sent.statusCode()).isEqualTo(201);
      assertThat(sent.bodyAsJsonObject().getLong("offset")).isEqualTo(i);
      assertThat(sent.bodyAsJsonObject().getString("author_kind")).isEqualTo("agent");
    }
    HttpResponse<Buffer> repeated =
        api.post(
            messages(id),
            adminA,
            new JsonObject().put("body", "hello 2").put("client_message_id", "m2"));
    assertThat(repeated.statusCode()).isEqualTo(200);
    assertThat(repeated.bodyAsJsonObject().getLong("offset")).isEqualTo(2);

    assertThat(offsets(api.get(messages(id), adminA))).containsExactly(1L, 2L, 3L);
    assertThat(offsets(api.get(messages(id) + "?after_offset=1&limit=1", adminA)))
        .containsExactly(2L);
    // Paging back from the newest, as a console scrolling up does.
    assertThat(offsets(api.get(messages(id) + "?before_offset=9007199254740991&limit=2", adminA)))
        .containsExactly(3L, 2L);
    assertThat(offsets(api.get(messages(id) + "?before_offset=2&limit=2", adminA)))
        .containsExactly(1L);
    for (String wrong :
        List.of("?before_offset=0", "?before_offset=x", "?before_offset=2&after_offset=1")) {
      HttpResponse<Buffer> refused = api.get(messages(id) + wrong, adminA);
      assertThat(refused.statusCode()).as(wrong).isEqualTo(400);
      assertThat(refused.bodyAsString()).contains("before_offset");
    }
    assertThat(api.get(PATH + "/" + id, adminA).bodyAsJsonObject().getLong("last_offset"))
        .isEqualTo(3);
  }

  @Test
  @DisplayName("a customer sees only their own conversations and never private notes")
  void customerIsolation() {
    String alice = "cust-alice-" + UUID.randomUUID();
    String bob = "cust-bob-" + UUID.randomUUID();
    UUID aliceContact = api.contact(tenantA, alice);
    UUID bobContact = api.contact(tenantA, bob);
    String aliceToken = ApiFixture.token(tenantA, alice, Role.CUSTOMER);
    String aliceConv =
        api.conversation(tenantA, inboxA, aliceContact, new JsonObject()).getString("id");
    String bobConv =
        api.conversation(tenantA, inboxA, bobContact, new JsonObject()).getString("id");

    api.post(messages(aliceConv), adminA, new JsonObject().put("body", "public reply"));
    api.post(
        messages(aliceConv),
        adminA,
        new JsonObject().put("body", "internal note").put("private", true));
    HttpResponse<Buffer> fromAlice =
        api.post(messages(aliceConv), aliceToken, new JsonObject().put("body", "thanks"));
    assertThat(fromAlice.statusCode()).isEqualTo(201);
    assertThat(fromAlice.bodyAsJsonObject().getString("author_kind")).isEqualTo("contact");

    assertThat(api.get(PATH + "/" + aliceConv, aliceToken).statusCode()).isEqualTo(200);
    assertThat(api.get(PATH + "/" + bobConv, aliceToken).statusCode()).isEqualTo(404);
    assertThat(api.get(messages(bobConv), aliceToken).statusCode()).isEqualTo(404);
    assertThat(
            api.post(messages(bobConv), aliceToken, new JsonObject().put("body", "hi"))
                .statusCode())
        .isEqualTo(404);
    JsonArray listed =
        api.get(PATH + "?limit=100", aliceToken).bodyAsJsonObject().getJsonArray("items");
    assertThat(listed).hasSize(1);

    assertThat(offsets(api.get(messages(aliceConv), aliceToken))).containsExactly(1L, 3L);
    assertThat(offsets(api.get(messages(aliceConv) + "?before_offset=4", aliceToken)))
        .containsExactly(3L, 1L);
    assertThat(offsets(api.get(messages(aliceConv), adminA))).containsExactly(1L, 2L, 3L);
    assertThat(
            api.post(
                    messages(aliceConv),
                    aliceToken,
                    new JsonObject().put("body", "sneaky").put("private", true))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            api.send(
                    io.vertx.core.http.HttpMethod.PATCH,
                    PATH + "/" + aliceConv,
                    aliceToken,
                    new JsonObject().put("status", "resolved"),
                    java.util.Map.of("If-Match", "\"1\""))
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  @DisplayName(
      "an agent sees conversations of inboxes they belong to and nothing without a user row")
  void agentSeesMemberInboxes() {
    String sub = "agent-" + UUID.randomUUID();
    api.member(tenantA, sub, inboxA);
    UUID contact = api.contact(tenantA, null);
    String mine = api.conversation(tenantA, inboxA, contact, new JsonObject()).getString("id");
    String other =
        api.conversation(tenantA, otherInboxA, contact, new JsonObject()).getString("id");
    String agent = ApiFixture.token(tenantA, sub, Role.AGENT);

    assertThat(api.get(PATH + "/" + mine, agent).statusCode()).isEqualTo(200);
    assertThat(api.get(PATH + "/" + other, agent).statusCode()).isEqualTo(404);
    JsonArray inOther =
        api.get(PATH + "?inbox_id=" + otherInboxA, agent).bodyAsJsonObject().getJsonArray("items");
    assertThat(inOther).isEmpty();

    String stranger =
        ApiFixture.token(tenantA, "agent-without-row-" + UUID.randomUUID(), Role.AGENT);
    assertThat(api.get(PATH + "/" + mine, stranger).statusCode()).isEqualTo(404);
    assertThat(api.get(PATH, stranger).bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName(
      "the inbox list holds an agent's own inboxes, every one for an admin, none of another"
          + " tenant's, and nothing for a customer")
  void inboxList() {
    String sub = "agent-" + UUID.randomUUID();
    api.member(tenantA, sub, inboxA);
    UUID inboxB = api.inbox(tenantB);
    List<String> agentSees =
        ids(api.get("/api/v1/inboxes", ApiFixture.token(tenantA, sub, Role.AGENT)));
    assertThat(agentSees).containsExactly(inboxA.toString());
    List<String> adminSees = ids(api.get("/api/v1/inboxes", adminA));
    assertThat(adminSees).contains(inboxA.toString(), otherInboxA.toString());
    assertThat(adminSees).doesNotContain(inboxB.toString());
    assertThat(
            api.get("/api/v1/inboxes", ApiFixture.token(tenantA, "customer-9", Role.CUSTOMER))
                .statusCode())
        .isEqualTo(403);
    assertThat(api.get("/api/v1/inboxes", null).statusCode()).isEqualTo(401);
  }

  private static List<String> ids(HttpResponse<Buffer> listed) {
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    listed
        .bodyAsJsonObject()
        .getJsonArray("items")
        .forEach(item -> ids.add(((JsonObject) item).getString("id")));
    return ids;
  }

  @Test
  @DisplayName("tenant B can neither read tenant A's conversation by id nor find it in a list")
  void otherTenantSeesNothing() {
    String id =
        api.conversation(tenantA, inboxA, api.contact(tenantA, null), new JsonObject())
            .getString("id");
    String adminB = ApiFixture.token(tenantB, "admin-1", Role.ADMIN);
    assertThat(api.get(PATH + "/" + id, adminB).statusCode()).isEqualTo(404);
    assertThat(api.get(messages(id), adminB).statusCode()).isEqualTo(404);
    assertThat(api.post(messages(id), adminB, new JsonObject().put("body", "x")).statusCode())
        .isEqualTo(404);
    JsonArray listed =
        api.get(PATH + "?limit=100", adminB).bodyAsJsonObject().getJsonArray("items");
    assertThat(listed).noneMatch(item -> ((JsonObject) item).getString("id").equals(id));

    UUID contactB = api.contact(tenantB, null);
    HttpResponse<Buffer> crossInbox =
        api.post(
            PATH,
            adminB,
            new JsonObject()
                .put("inbox_id", inboxA.toString())
                .put("contact_id", contactB.toString())
                .put("channel", "chat"));
    assertThat(crossInbox.statusCode()).isEqualTo(400);
    assertThat(
            crossInbox
                .bodyAsJsonObject()
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("field"))
        .isEqualTo("inbox_id");
  }

  @Test
  @DisplayName("other modules read conversations and append messages over the event bus")
  void eventBus() {
    String id =
        api.conversation(tenantA, inboxA, api.contact(tenantA, null), new JsonObject())
            .getString("id");
    JsonObject actor =
        new JsonObject().put("user", "bot-1").put("roles", new JsonArray().add("service"));
    JsonObject got =
        api.vertx
            .eventBus()
            .<JsonObject>request(
                CrudAddresses.CONVERSATION_GET,
                new JsonObject().put("tenant", tenantA).put("actor", actor).put("id", id))
            .await()
            .body();
    assertThat(got.getString("id")).isEqualTo(id);

    JsonObject appended =
        api.vertx
            .eventBus()
            .<JsonObject>request(
                CrudAddresses.MESSAGE_APPEND,
                new JsonObject()
                    .put("tenant", tenantA)
                    .put("actor", actor)
                    .put("conversation_id", id)
                    .put("body", "automated answer"))
            .await()
            .body();
    assertThat(appended.getBoolean("created")).isTrue();
    assertThat(appended.getJsonObject("message").getString("author_kind")).isEqualTo("bot");

    Throwable missing =
        api.vertx
            .eventBus()
            .request(
                CrudAddresses.CONVERSATION_GET,
                new JsonObject().put("tenant", tenantB).put("actor", actor).put("id", id))
            .transform(done -> io.vertx.core.Future.succeededFuture(done.cause()))
            .await();
    assertThat(missing).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) missing).failureCode()).isEqualTo(404);

    Throwable invalid =
        api.vertx
            .eventBus()
            .request(
                CrudAddresses.MESSAGE_APPEND,
                new JsonObject()
                    .put("tenant", tenantA)
                    .put("actor", actor)
                    .put("conversation_id", id))
            .transform(done -> io.vertx.core.Future.succeededFuture(done.cause()))
            .await();
    assertThat(((ReplyException) invalid).failureCode()).isEqualTo(400);

    // A request over the bus is read as a body would be: unknown fields and wrong types refused.
    for (JsonObject wrong :
        List.of(
            new JsonObject().put("conversation_id", id).put("body", "x").put("offset", 7),
            new JsonObject().put("conversation_id", id).put("body", 42),
            new JsonObject().put("conversation_id", 42).put("body", "x"))) {
      Throwable refused =
          api.vertx
              .eventBus()
              .request(
                  CrudAddresses.MESSAGE_APPEND,
                  wrong.copy().put("tenant", tenantA).put("actor", actor))
              .transform(done -> io.vertx.core.Future.succeededFuture(done.cause()))
              .await();
      assertThat(refused).as(wrong.encode()).isInstanceOf(ReplyException.class);
      assertThat(((ReplyException) refused).failureCode()).as(wrong.encode()).isEqualTo(400);
    }
  }
}
