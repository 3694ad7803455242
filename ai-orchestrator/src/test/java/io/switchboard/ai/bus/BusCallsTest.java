package io.switchboard.ai.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.error.Forbidden;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.ModuleDisabled;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.error.RateLimited;
import io.switchboard.platform.error.SwitchboardException;
import io.switchboard.platform.error.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The AI role's event-bus requests")
class BusCallsTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("carry typed failures across the bus without flattening them")
  void typedFailures() throws Exception {
    List<SwitchboardException> failures =
        List.of(
            Invalid.field("text", "is required"),
            new ModuleDisabled("ai"),
            new Forbidden("not yours"),
            new NotFound("no such conversation"),
            new RateLimited("slow down", 3),
            Unavailable.busy("the AI agent is busy"),
            new Unavailable("tenant data unavailable"));
    for (SwitchboardException failure : failures) {
      String address = "test.bus-calls." + failure.type();
      vertx
          .eventBus()
          .consumer(address, msg -> BusCalls.answer(msg, body -> Future.failedFuture(failure)))
          .completion()
          .await(5, TimeUnit.SECONDS);
      Throwable got =
          vertx
              .eventBus()
              .request(address, new JsonObject(), new DeliveryOptions())
              .map(reply -> (Throwable) null)
              .otherwise(e -> e)
              .await(5, TimeUnit.SECONDS);
      SwitchboardException typed = BusCalls.typed(got);
      assertThat(typed.getClass()).isEqualTo(failure.getClass());
      assertThat(typed.type()).isEqualTo(failure.type());
      assertThat(typed.detail()).startsWith(failure.detail());
    }
  }

  @Test
  @DisplayName("answer an unexpected failure as a 500 that the caller reads as unavailable")
  void unexpected() throws Exception {
    vertx
        .eventBus()
        .consumer(
            "test.bus-calls.crash",
            msg ->
                BusCalls.answer(
                    msg,
                    body -> {
                      throw new IllegalStateException("bug");
                    }))
        .completion()
        .await(5, TimeUnit.SECONDS);
    Throwable got =
        vertx
            .eventBus()
            .request("test.bus-calls.crash", new JsonObject())
            .map(reply -> (Throwable) null)
            .otherwise(e -> e)
            .await(5, TimeUnit.SECONDS);
    assertThat(BusCalls.typed(got)).isInstanceOf(Unavailable.class);
    assertThat(BusCalls.typed(new RuntimeException("no handlers"))).isInstanceOf(Unavailable.class);
  }

  @Test
  @DisplayName("read the caller of a request, and refuse a wrong one naming the field")
  void callers() {
    Caller agent =
        new Caller("acme", "agent-1", EnumSet.of(Role.AGENT, Role.SUPERVISOR), Instant.MAX);
    JsonObject request = BusCalls.request(agent);
    assertThat(BusCalls.caller(request).roles())
        .containsExactlyInAnyOrder(Role.AGENT, Role.SUPERVISOR);
    assertThat(BusCalls.caller(request).tenantId()).isEqualTo("acme");
    assertThatThrownBy(() -> BusCalls.caller("text")).hasMessageContaining("tenant");
    assertThatThrownBy(() -> BusCalls.caller(request.copy().put("tenant", "ACME!")))
        .isInstanceOf(Invalid.class);
    assertThatThrownBy(() -> BusCalls.caller(request.copy().put("actor", "x")))
        .isInstanceOf(Invalid.class);
    assertThatThrownBy(
            () ->
                BusCalls.caller(
                    request
                        .copy()
                        .put(
                            "actor",
                            new JsonObject()
                                .put("user", "u")
                                .put("roles", new JsonArray().add("king")))))
        .isInstanceOf(Invalid.class);
    assertThatThrownBy(() -> BusCalls.text(new JsonObject().put("text", "abc"), "text", 2))
        .isInstanceOf(Invalid.class);
  }
}
