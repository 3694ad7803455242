package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.bus.CrudAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Calls and the tenant over the event bus, for the voice role")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallBusTest {

  private ApiFixture api;
  private final String tenant = ApiFixture.tenant("callbus");
  private final String otherTenant = ApiFixture.tenant("callbusb");
  private String conversation;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
    UUID inbox = api.inbox(tenant);
    conversation =
        api.conversation(tenant, inbox, api.contact(tenant, null), new JsonObject())
            .getString("id");
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private static JsonObject actor(String user, String... roles) {
    return new JsonObject().put("user", user).put("roles", new JsonArray(List.of(roles)));
  }

  private static JsonObject as(String tenant, JsonObject actor) {
    return new JsonObject().put("tenant", tenant).put("actor", actor);
  }

  private JsonObject service() {
    return as(tenant, actor("voice", "service"));
  }

  private JsonObject ask(String address, JsonObject request) {
    return api.vertx.eventBus().<JsonObject>request(address, request).await().body();
  }

  private ReplyException refused(String address, JsonObject request) {
    Throwable failure =
        api.vertx
            .eventBus()
            .request(address, request)
            .transform(done -> Future.succeededFuture(done.cause()))
            .await();
    assertThat(failure).as("the request must fail").isInstanceOf(ReplyException.class);
    return (ReplyException) failure;
  }

  private String newCall() {
    return ask(CrudAddresses.CALL_CREATE, service().put("direction", "inbound")).getString("id");
  }

  private long outbox(String id, String type) {
    return api.pool
        .preparedQuery(
            "SELECT count(*) AS n FROM outbox WHERE tenant_id = $1 AND subject_id = $2"
                + " AND type = $3")
        .execute(Tuple.of(tenant, id, type))
        .await()
        .iterator()
        .next()
        .getLong("n");
  }

  private static JsonObject segment(String speaker, String text, long start, long end) {
    return new JsonObject()
        .put("speaker", speaker)
        .put("text", text)
        .put("startMs", start)
        .put("endMs", end);
  }

  @Test
  @DisplayName("the voice role starts a ringing call in a conversation and reads it back")
  void createAndGet() {
    JsonObject created =
        ask(
            CrudAddresses.CALL_CREATE,
            service().put("direction", "outbound").put("conversation_id", conversation));
    assertThat(created.getString("state")).isEqualTo("ringing");
    assertThat(created.getString("direction")).isEqualTo("outbound");
    assertThat(created.getString("conversation_id")).isEqualTo(conversation);
    assertThat(created.getLong("version")).isEqualTo(1);

    JsonObject read = ask(CrudAddresses.CALL_GET, service().put("id", created.getString("id")));
    assertThat(read).isEqualTo(created);
    assertThat(outbox(created.getString("id"), "call.started")).isEqualTo(1);
  }

  @Test
  @DisplayName("updates apply to the current version; hanging up emits call.ended exactly once")
  void updateAndEnd() {
    String id = newCall();
    JsonObject answered =
        ask(CrudAddresses.CALL_UPDATE, service().put("id", id).put("state", "in-progress"));
    assertThat(answered.getString("state")).isEqualTo("in-progress");
    assertThat(answered.getString("answered_at")).isNotNull();
    assertThat(answered.getLong("version")).isEqualTo(2);

    JsonObject ended =
        ask(CrudAddresses.CALL_UPDATE, service().put("id", id).put("state", "ended"));
    assertThat(ended.getString("state")).isEqualTo("ended");
    assertThat(ended.getString("ended_at")).isNotNull();

    // The recorder's reference arrives after the hang-up: still one call.ended.
    JsonObject recorded =
        ask(
            CrudAddresses.CALL_UPDATE,
            service().put("id", id).put("recording_ref", "t/2026-12-03/" + id + ".wav"));
    assertThat(recorded.getString("recording_ref")).isEqualTo("t/2026-12-03/" + id + ".wav");
    assertThat(recorded.getString("state")).isEqualTo("ended");
    assertThat(recorded.getLong("version")).isEqualTo(4);
    assertThat(outbox(id, "call.ended")).isEqualTo(1);
    assertThat(outbox(id, "call.updated")).isEqualTo(2);
  }

  @Test
  @DisplayName("moving a call backwards fails 409 and leaves it as it was")
  void backwards() {
    String id = newCall();
    ask(CrudAddresses.CALL_UPDATE, service().put("id", id).put("state", "failed"));
    ReplyException back =
        refused(CrudAddresses.CALL_UPDATE, service().put("id", id).put("state", "in-progress"));
    assertThat(back.failureCode()).isEqualTo(409);
    assertThat(back.getMessage()).contains("failed").contains("in-progress");
    JsonObject read = ask(CrudAddresses.CALL_GET, service().put("id", id));
    assertThat(read.getString("state")).isEqualTo("failed");
    assertThat(read.getLong("version")).isEqualTo(2);
    assertThat(outbox(id, "call.ended")).isEqualTo(1);
  }

  @Test
  @DisplayName("transcript segments are appended in order and the call comes back with them")
  void transcript() {
    String id = newCall();
    ask(
        CrudAddresses.CALL_TRANSCRIPT,
        service()
            .put("id", id)
            .put("segments", new JsonArray().add(segment("contact", "hello", 0, 900))));
    JsonObject call =
        ask(
            CrudAddresses.CALL_TRANSCRIPT,
            service()
                .put("id", id)
                .put(
                    "segments",
                    new JsonArray()
                        .add(segment("bot", "how can I help?", 1000, 2100))
                        .add(segment("contact", "my order", 2500, 3300))));
    JsonArray transcript = call.getJsonArray("transcript");
    assertThat(transcript).hasSize(3);
    assertThat(transcript.getJsonObject(0).getString("text")).isEqualTo("hello");
    assertThat(transcript.getJsonObject(1).getString("speaker")).isEqualTo("bot");
    assertThat(transcript.getJsonObject(2).getLong("endMs")).isEqualTo(3300L);
  }

  @Test
  @DisplayName("the voice role reads its tenant's settings and modules")
  void tenant() {
    JsonObject read = ask(CrudAddresses.TENANT_GET, service());
    assertThat(read.getString("id")).isEqualTo(tenant);
    assertThat(read.getJsonObject("settings")).isNotNull();
    assertThat(read.getJsonArray("modules").getList()).contains("voice", "chat");
  }

  @Test
  @DisplayName("an actor of another tenant cannot read, change or append to a call: 404")
  void otherTenant() {
    String id = newCall();
    JsonObject outsider = as(otherTenant, actor("voice", "service"));
    assertThat(refused(CrudAddresses.CALL_GET, outsider.copy().put("id", id)).failureCode())
        .isEqualTo(404);
    assertThat(
            refused(CrudAddresses.CALL_UPDATE, outsider.copy().put("id", id).put("state", "ended"))
                .failureCode())
        .isEqualTo(404);
    assertThat(
            refused(
                    CrudAddresses.CALL_TRANSCRIPT,
                    outsider
                        .copy()
                        .put("id", id)
                        .put("segments", new JsonArray().add(segment("bot", "hi", 0, 10))))
                .failureCode())
        .isEqualTo(404);
    JsonObject read = ask(CrudAddresses.CALL_GET, service().put("id", id));
    assertThat(read.getString("state")).isEqualTo("ringing");
    assertThat(read.getJsonArray("transcript")).isEmpty();
  }

  Stream<Arguments> customerRequests() {
    return Stream.of(
        Arguments.of(CrudAddresses.CALL_CREATE, new JsonObject().put("direction", "inbound")),
        Arguments.of(CrudAddresses.CALL_GET, new JsonObject()),
        Arguments.of(CrudAddresses.CALL_UPDATE, new JsonObject().put("state", "ended")),
        Arguments.of(
            CrudAddresses.CALL_TRANSCRIPT,
            new JsonObject().put("segments", new JsonArray().add(segment("bot", "hi", 0, 10)))),
        Arguments.of(CrudAddresses.TENANT_GET, new JsonObject()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("customerRequests")
  @DisplayName("a customer actor is refused with 403, as over REST")
  void customerRefused(String address, JsonObject fields) {
    String id = newCall();
    JsonObject request = as(tenant, actor("cust-1", "customer")).mergeIn(fields);
    if (!address.equals(CrudAddresses.CALL_CREATE) && !address.equals(CrudAddresses.TENANT_GET)) {
      request.put("id", id);
    }
    ReplyException refused = refused(address, request);
    assertThat(refused.failureCode()).isEqualTo(403);
    assertThat(refused.getMessage()).contains("requires one of the roles");
  }

  Stream<Arguments> wrongInputs() {
    String id = UUID.randomUUID().toString();
    JsonArray good = new JsonArray().add(segment("bot", "hi", 0, 10));
    return Stream.of(
        Arguments.of(CrudAddresses.CALL_CREATE, new JsonObject(), "direction"),
        Arguments.of(
            CrudAddresses.CALL_CREATE, new JsonObject().put("direction", "sideways"), "direction"),
        Arguments.of(
            CrudAddresses.CALL_CREATE,
            new JsonObject().put("direction", "inbound").put("conversation_id", "nope"),
            "conversation_id"),
        Arguments.of(
            CrudAddresses.CALL_CREATE,
            new JsonObject().put("direction", "inbound").put("colour", "red"),
            "colour"),
        Arguments.of(CrudAddresses.CALL_GET, new JsonObject(), "id"),
        Arguments.of(CrudAddresses.CALL_GET, new JsonObject().put("id", "12"), "id"),
        Arguments.of(CrudAddresses.CALL_UPDATE, new JsonObject().put("state", "ended"), "id"),
        Arguments.of(
            CrudAddresses.CALL_UPDATE,
            new JsonObject().put("id", id).put("state", "paused"),
            "state"),
        Arguments.of(
            CrudAddresses.CALL_UPDATE, new JsonObject().put("id", id).putNull("state"), "state"),
        Arguments.of(
            CrudAddresses.CALL_UPDATE,
            new JsonObject().put("id", id).put("recording_ref", "x".repeat(1001)),
            "recording_ref"),
        Arguments.of(
            CrudAddresses.CALL_UPDATE, new JsonObject().put("id", id).put("version", 3), "version"),
        Arguments.of(CrudAddresses.CALL_TRANSCRIPT, new JsonObject().put("segments", good), "id"),
        Arguments.of(
            CrudAddresses.CALL_TRANSCRIPT,
            new JsonObject().put("id", id).put("segments", new JsonArray()),
            "segments"),
        Arguments.of(
            CrudAddresses.CALL_TRANSCRIPT,
            new JsonObject()
                .put("id", id)
                .put("segments", new JsonArray().add(segment("robot", "hi", 0, 10))),
            "segments[0].speaker"),
        Arguments.of(
            CrudAddresses.CALL_TRANSCRIPT,
            new JsonObject()
                .put("id", id)
                .put("segments", new JsonArray().add(segment("bot", "hi", 50, 10))),
            "segments[0].endMs"),
        Arguments.of(
            CrudAddresses.CALL_TRANSCRIPT,
            new JsonObject()
                .put("id", id)
                .put(
                    "segments",
                    new JsonArray().add(segment("bot", "hi", 0, 10).put("confidence", 0.9))),
            "segments[0].confidence"),
        Arguments.of(
            CrudAddresses.CALL_TRANSCRIPT,
            new JsonObject().put("id", id).put("segments", "hello"),
            "segments"),
        Arguments.of(CrudAddresses.TENANT_GET, new JsonObject().put("name", "x"), "name"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("wrongInputs")
  @DisplayName("wrong input fails 400 and names the field")
  void wrongInput(String address, JsonObject fields, String field) {
    ReplyException refused = refused(address, service().mergeIn(fields));
    assertThat(refused.failureCode()).isEqualTo(400);
    assertThat(refused.getMessage()).contains(field + ":");
  }

  Stream<Arguments> wrongEnvelopes() {
    return Stream.of(
        Arguments.of(new JsonObject().put("actor", actor("voice", "service")), "tenant"),
        Arguments.of(new JsonObject().put("tenant", "t").put("actor", "voice"), "actor"),
        Arguments.of(as("t", new JsonObject().put("user", "voice")), "actor"),
        Arguments.of(as("t", actor("voice", "pilot")), "actor.roles"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("wrongEnvelopes")
  @DisplayName("a request without a proper tenant and actor fails 400 naming which")
  void wrongEnvelope(JsonObject request, String field) {
    ReplyException refused = refused(CrudAddresses.TENANT_GET, request);
    assertThat(refused.failureCode()).isEqualTo(400);
    assertThat(refused.getMessage()).contains(field + ":");
  }
}
