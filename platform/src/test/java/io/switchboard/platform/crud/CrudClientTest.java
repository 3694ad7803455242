package io.switchboard.platform.crud;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.bus.CrudAddresses;
import io.switchboard.platform.error.Conflict;
import io.switchboard.platform.error.Forbidden;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.error.PreconditionFailed;
import io.switchboard.platform.error.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The crud client: requests as the caller, failures as typed errors")
class CrudClientTest {

  private static final Caller AGENT =
      new Caller("acme", "agent-1", EnumSet.of(Role.AGENT, Role.SUPERVISOR), Instant.MAX);

  private Vertx vertx;
  private CrudClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    client = new CrudClient(vertx.eventBus(), true);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** A crud consumer at {@code address} that keeps what it got and answers {@code reply}. */
  private AtomicReference<JsonObject> answering(String address, JsonObject reply) {
    AtomicReference<JsonObject> got = new AtomicReference<>();
    MessageConsumer<JsonObject> consumer =
        vertx
            .eventBus()
            .consumer(
                address,
                msg -> {
                  got.set(msg.body());
                  msg.reply(reply);
                });
    consumer.completion().await();
    return got;
  }

  private static Throwable failure(Future<?> request) {
    return request.transform(done -> Future.succeededFuture(done.cause())).await();
  }

  @Test
  @DisplayName("every request carries the caller's tenant, user and roles")
  void sendsTheCaller() {
    AtomicReference<JsonObject> got =
        answering(CrudAddresses.CALL_GET, new JsonObject().put("id", "c-1"));
    JsonObject call = client.call(AGENT, "c-1").await();
    assertThat(call.getString("id")).isEqualTo("c-1");
    assertThat(got.get().getString("tenant")).isEqualTo("acme");
    assertThat(got.get().getString("id")).isEqualTo("c-1");
    JsonObject actor = got.get().getJsonObject("actor");
    assertThat(actor.getString("user")).isEqualTo("agent-1");
    assertThat(actor.getJsonArray("roles").getList())
        .containsExactlyInAnyOrder("agent", "supervisor");
  }

  @Test
  @DisplayName("the call requests send exactly the fields given, nothing for what is left out")
  void callRequests() {
    AtomicReference<JsonObject> created = answering(CrudAddresses.CALL_CREATE, new JsonObject());
    AtomicReference<JsonObject> updated = answering(CrudAddresses.CALL_UPDATE, new JsonObject());
    AtomicReference<JsonObject> appended =
        answering(CrudAddresses.CALL_TRANSCRIPT, new JsonObject());
    AtomicReference<JsonObject> tenant = answering(CrudAddresses.TENANT_GET, new JsonObject());

    client.createCall(AGENT, "inbound", null).await();
    assertThat(created.get().fieldNames())
        .containsExactlyInAnyOrder("tenant", "actor", "direction");
    client.createCall(AGENT, "outbound", "conv-1").await();
    assertThat(created.get().getString("conversation_id")).isEqualTo("conv-1");

    client.updateCall(AGENT, "c-1", null, "acme/2026-12-03/c-1.wav").await();
    assertThat(updated.get().fieldNames())
        .containsExactlyInAnyOrder("tenant", "actor", "id", "recording_ref");
    client.updateCall(AGENT, "c-1", "ended", null).await();
    assertThat(updated.get().getString("state")).isEqualTo("ended");
    assertThat(updated.get().containsKey("recording_ref")).isFalse();

    JsonArray segments =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("speaker", "contact")
                    .put("text", "hi")
                    .put("startMs", 0)
                    .put("endMs", 400));
    client.appendTranscript(AGENT, "c-1", segments).await();
    assertThat(appended.get().getJsonArray("segments")).isEqualTo(segments);

    client.tenant(AGENT).await();
    assertThat(tenant.get().fieldNames()).containsExactlyInAnyOrder("tenant", "actor");
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(400, Invalid.class),
        Arguments.of(403, Forbidden.class),
        Arguments.of(404, NotFound.class),
        Arguments.of(409, Conflict.class),
        Arguments.of(412, PreconditionFailed.class),
        Arguments.of(422, Invalid.class),
        Arguments.of(500, Unavailable.class));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("failures")
  @DisplayName("crud-api's failure codes come back as the platform's typed errors")
  void typedFailures(int code, Class<? extends Throwable> type) {
    vertx
        .eventBus()
        .<JsonObject>consumer(CrudAddresses.CALL_GET, msg -> msg.fail(code, "why " + code))
        .completion()
        .await();
    Throwable failure = failure(client.call(AGENT, "c-1"));
    assertThat(failure).isInstanceOf(type);
    if (code < 500) {
      assertThat(failure).hasMessage("why " + code);
    } else {
      assertThat(failure).hasMessage("tenant data unavailable");
    }
  }

  @Test
  @DisplayName("with no crud role in the cluster a request is unavailable, worth retrying")
  void noCrudRole() {
    assertThat(failure(client.tenant(AGENT)))
        .isInstanceOf(Unavailable.class)
        .hasMessage("tenant data unavailable");
  }
}
