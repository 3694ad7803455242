package io.switchboard.hub.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Waiting for a stored message to be handed to delivery")
class StoredDeliveriesTest {

  private static final String CHANNEL = "conversation:6f1c2a36-2a35-4c53-9d1e-1f4b1c1d2e3f";

  private Vertx vertx;
  private Context context;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("a wait ends when its offset, or a later one, is handed over, and not before")
  void endsAtItsOffset() throws Exception {
    StoredDeliveries deliveries = on(() -> new StoredDeliveries(vertx, 60_000));
    Future<Void> third = on(() -> deliveries.handedOver("acme", CHANNEL, 3));
    Future<Void> fifth = on(() -> deliveries.handedOver("acme", CHANNEL, 5));

    act(() -> deliveries.delivered("acme", CHANNEL, 2));
    assertThat(on(third::isComplete)).isFalse();
    act(() -> deliveries.delivered("acme", CHANNEL, 4));
    assertThat(on(third::succeeded)).isTrue();
    assertThat(on(fifth::isComplete)).isFalse();
    assertThat(on(deliveries::waiting)).isEqualTo(1);
    act(() -> deliveries.delivered("acme", CHANNEL, 5));
    assertThat(on(fifth::succeeded)).isTrue();
    assertThat(on(deliveries::waiting)).isZero();
  }

  @Test
  @DisplayName("a message handed over before its sender asks is not waited for")
  void alreadyHandedOver() throws Exception {
    StoredDeliveries deliveries = on(() -> new StoredDeliveries(vertx, 60_000));
    act(() -> deliveries.delivered("acme", CHANNEL, 7));
    assertThat(on(() -> deliveries.handedOver("acme", CHANNEL, 6).succeeded())).isTrue();
    assertThat(on(() -> deliveries.handedOver("acme", CHANNEL, 7).succeeded())).isTrue();
    assertThat(on(() -> deliveries.handedOver("acme", CHANNEL, 8).isComplete())).isFalse();
  }

  @Test
  @DisplayName("another tenant's channel of the same name, or another channel, ends no wait")
  void otherChannelsEndNothing() throws Exception {
    StoredDeliveries deliveries = on(() -> new StoredDeliveries(vertx, 60_000));
    Future<Void> ours = on(() -> deliveries.handedOver("acme", CHANNEL, 1));
    act(() -> deliveries.delivered("globex", CHANNEL, 9));
    act(() -> deliveries.delivered("acme", "conversation:other", 9));
    assertThat(on(ours::isComplete)).isFalse();
    assertThat(on(deliveries::waiting)).isEqualTo(1);
  }

  @Test
  @DisplayName("a wait whose message is never handed over ends after the patience, succeeded")
  void patienceRunsOut() throws Exception {
    StoredDeliveries deliveries = on(() -> new StoredDeliveries(vertx, 50));
    Future<Void> never = on(() -> deliveries.handedOver("acme", CHANNEL, 1));
    never.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(never.succeeded()).isTrue();
    assertThat(on(deliveries::waiting)).isZero();
  }

  private <T> T on(Supplier<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(
        nothing -> {
          try {
            result.complete(action.get());
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(5, TimeUnit.SECONDS);
  }

  private void act(Runnable action) throws Exception {
    on(
        () -> {
          action.run();
          return null;
        });
  }
}
