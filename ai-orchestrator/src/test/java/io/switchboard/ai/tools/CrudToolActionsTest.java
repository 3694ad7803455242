package io.switchboard.ai.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.bus.CrudAddresses;
import io.switchboard.platform.crud.CrudClient;
import io.switchboard.platform.error.Invalid;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The model's tools act on their one conversation, as its tenant's service")
class CrudToolActionsTest {

  private static final Caller SERVICE =
      new Caller("tenant-a", "ai", EnumSet.of(Role.SERVICE), Instant.MAX);
  private static final JsonObject CONVERSATION =
      new JsonObject().put("id", "conv-1").put("contact_id", "contact-1");

  private Vertx vertx;
  private List<JsonObject> requests;
  private CrudToolActions tools;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    requests = new CopyOnWriteArrayList<>();
    record(
        CrudAddresses.CONTACT_GET,
        new JsonObject()
            .put("name", "Jane")
            .put("email", "jane@example.com")
            .put("phone", "+49 30 1234567"));
    record(CrudAddresses.TICKET_CREATE, new JsonObject().put("id", "ticket-1"));
    record(CrudAddresses.CONVERSATION_UPDATE, new JsonObject().put("id", "conv-1"));
    tools =
        new CrudToolActions(
            new CrudClient(vertx.eventBus(), true),
            SERVICE,
            CONVERSATION,
            new JsonObject().put("team_id", "team-1"));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private void record(String address, JsonObject reply) {
    vertx
        .eventBus()
        .<JsonObject>consumer(
            address,
            msg -> {
              requests.add(msg.body().copy().put("address", address));
              msg.reply(reply);
            })
        .completion()
        .await();
  }

  private static Throwable failure(Future<?> future) {
    return future.transform(done -> Future.succeededFuture(done.cause())).await();
  }

  @Test
  @DisplayName("the contact comes back with email and phone masked")
  void contact() {
    JsonObject contact = tools.lookupContact().await();
    assertThat(contact)
        .isEqualTo(
            new JsonObject().put("name", "Jane").put("email", "[email]").put("phone", "[phone]"));
    assertThat(requests.get(0).getString("id")).isEqualTo("contact-1");
    assertThat(requests.get(0).getString("tenant")).isEqualTo("tenant-a");
  }

  @Test
  @DisplayName("every action names the conversation's tenant and id, never another")
  void actions() {
    tools.createTicket("Parcel lost", "high").await();
    tools.addLabel(" delivery ").await();
    tools.setPriority("urgent").await();
    assertThat(tools.handedOff()).isFalse();
    tools.handOff("customer asked for a human").await();
    assertThat(tools.handedOff()).isTrue();

    assertThat(requests).hasSize(4);
    assertThat(requests).allSatisfy(r -> assertThat(r.getString("tenant")).isEqualTo("tenant-a"));
    assertThat(requests)
        .allSatisfy(
            r ->
                assertThat(r.getJsonObject("actor").getJsonArray("roles").getList())
                    .containsExactly("service"));
    JsonObject ticket = requests.get(0);
    assertThat(ticket.getString("conversation_id")).isEqualTo("conv-1");
    assertThat(ticket.getString("subject")).isEqualTo("Parcel lost");
    assertThat(ticket.getString("priority")).isEqualTo("high");
    assertThat(requests.subList(1, 4))
        .allSatisfy(r -> assertThat(r.getString("id")).isEqualTo("conv-1"));
    assertThat(requests.get(1).getJsonArray("add_labels").getList()).containsExactly("delivery");
    assertThat(requests.get(2).getString("priority")).isEqualTo("urgent");
    assertThat(requests.get(3).getBoolean("handoff")).isTrue();
    assertThat(requests.get(3).getString("team_id")).isEqualTo("team-1");
  }

  @Test
  @DisplayName("a wrong priority, a blank label or subject is refused before crud-api is asked")
  void refuses() {
    assertThat(failure(tools.setPriority("asap")))
        .isInstanceOf(Invalid.class)
        .hasMessageContaining("priority");
    assertThat(failure(tools.setPriority(null))).isInstanceOf(Invalid.class);
    assertThat(failure(tools.createTicket("x", "sometime"))).isInstanceOf(Invalid.class);
    assertThat(failure(tools.createTicket(" ", "low")))
        .isInstanceOf(Invalid.class)
        .hasMessageContaining("subject");
    assertThat(failure(tools.createTicket("x".repeat(501), "low"))).isInstanceOf(Invalid.class);
    assertThat(failure(tools.addLabel("")))
        .isInstanceOf(Invalid.class)
        .hasMessageContaining("label");
    assertThat(failure(tools.addLabel(null))).isInstanceOf(Invalid.class);
    assertThat(failure(tools.addLabel("l".repeat(51)))).isInstanceOf(Invalid.class);
    assertThat(requests).isEmpty();
  }
}
