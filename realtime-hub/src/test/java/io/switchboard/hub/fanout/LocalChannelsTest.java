package io.switchboard.hub.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.hub.HubMetrics;
import io.switchboard.hub.channel.ChannelName;
import io.switchboard.hub.channel.Subscriber;
import io.switchboard.hub.channel.Subscription;
import io.switchboard.hub.protocol.DisconnectCode;
import io.switchboard.protos.hub.v1.Delivery;
import io.switchboard.protos.hub.v1.Publication;
import io.switchboard.protos.hub.v1.Push;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The channels of one event loop")
class LocalChannelsTest {

  private static final String TENANT = "acme";

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "a subscriber whose connection fails to take a push (its socket closed before its close"
          + " handler ran) does not cost the channel's other subscribers that push")
  void failingSubscriberDoesNotStarveTheOthers() throws Exception {
    ChannelName channel = ChannelName.parse("conversation:" + UUID.randomUUID());
    LocalChannels channels =
        new LocalChannels(
            vertx, null, new HubMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), 200);
    CountDownLatch delivered = new CountDownLatch(4);
    Recording before = new Recording(delivered);
    Recording after = new Recording(delivered);
    Subscriber closing =
        new Recording(delivered) {
          @Override
          public void push(EncodedPush push, boolean ephemeral) {
            throw new IllegalStateException("WebSocket is closed");
          }
        };

    Context context = vertx.getOrCreateContext();
    context.runOnContext(
        v -> {
          channels.listen(vertx.eventBus());
          for (Subscriber owner : List.of(before, closing, after)) {
            Subscription subscription = new Subscription(TENANT, channel, owner);
            channels.add(subscription);
            subscription.activate(0, "");
          }
          publish(channel, 1);
          publish(channel, 2);
        });

    assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(before.pushes).hasSize(2);
    assertThat(after.pushes).hasSize(2);
  }

  @Test
  @DisplayName(
      "a burst published on the loop itself is delivered whole, not dropped past 1,000 pending")
  void burstWhileBusyIsKept() throws Exception {
    ChannelName channel = ChannelName.parse("conversation:" + UUID.randomUUID());
    LocalChannels channels =
        new LocalChannels(
            vertx, null, new HubMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), 200);
    int burst = 5_000;
    CountDownLatch delivered = new CountDownLatch(burst);
    Recording subscriber = new Recording(delivered);
    CountDownLatch ready = new CountDownLatch(1);
    Context context = vertx.getOrCreateContext();
    context.runOnContext(
        v -> {
          channels.listen(vertx.eventBus());
          Subscription subscription = new Subscription(TENANT, channel, subscriber);
          channels.add(subscription);
          subscription.activate(0, "");
          ready.countDown();
        });
    assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
    // The same loop publishes the whole burst before it gets round to delivering any of it, as
    // when thousands of connections join at once.
    context.runOnContext(
        v -> {
          for (int i = 0; i < burst; i++) {
            publish(channel, 0);
          }
        });
    assertThat(delivered.await(20, TimeUnit.SECONDS))
        .as("pushes delivered: " + subscriber.pushes.size())
        .isTrue();
  }

  @Test
  @DisplayName(
      "on a channel whose stream a subscriber found empty, offset 2 arriving before offset 1 waits"
          + " for it: both are handed out, in order")
  void emptyStreamKeepsOrder() throws Exception {
    ChannelName channel = ChannelName.parse("conversation:" + UUID.randomUUID());
    LocalChannels channels =
        new LocalChannels(
            vertx, null, new HubMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), 200);
    CountDownLatch delivered = new CountDownLatch(2);
    Recording subscriber = new Recording(delivered);
    Context context = vertx.getOrCreateContext();
    context.runOnContext(
        v -> {
          channels.listen(vertx.eventBus());
          Subscription subscription = new Subscription(TENANT, channel, subscriber);
          channels.add(subscription);
          subscription.activate(0, "");
          channels.knownTop(TENANT, channel.wire(), 0, "");
          publish(channel, 2);
          publish(channel, 1);
        });

    assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(subscriber.pushes).extracting(EncodedPush::offset).containsExactly(1L, 2L);
  }

  @Test
  @DisplayName(
      "when a channel's stream starts over under a new epoch, its next publication reaches the"
          + " subscribers of the new epoch, and those of the old one are closed with 3010")
  void newEpochStartsOver() throws Exception {
    ChannelName channel = ChannelName.parse("user:agent-1");
    LocalChannels channels =
        new LocalChannels(
            vertx, null, new HubMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), 200);
    CountDownLatch delivered = new CountDownLatch(1);
    Recording old = new Recording(new CountDownLatch(1));
    Recording fresh = new Recording(delivered);
    Context context = vertx.getOrCreateContext();
    context.runOnContext(
        v -> {
          channels.listen(vertx.eventBus());
          Subscription before = new Subscription(TENANT, channel, old);
          channels.add(before);
          channels.knownTop(TENANT, channel.wire(), 5, "old-epoch");
          before.activate(5, "old-epoch");
          Subscription after = new Subscription(TENANT, channel, fresh);
          channels.add(after);
          channels.knownTop(TENANT, channel.wire(), 0, "new-epoch");
          after.activate(0, "new-epoch");
          publish(channel, 1, "new-epoch");
        });

    assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(fresh.pushes).extracting(EncodedPush::offset).containsExactly(1L);
    assertThat(old.pushes).isEmpty();
    assertThat(old.closes).containsExactly(DisconnectCode.INSUFFICIENT_STATE);
    assertThat(fresh.closes).isEmpty();
  }

  private void publish(ChannelName channel, long offset) {
    publish(channel, offset, "");
  }

  private void publish(ChannelName channel, long offset, String epoch) {
    Delivery delivery =
        Delivery.newBuilder()
            .setTenant(TENANT)
            .setChannel(channel.wire())
            .setEpoch(epoch)
            .setPush(
                Push.newBuilder()
                    .setChannel(channel.wire())
                    .setPub(Publication.newBuilder().setOffset(offset)))
            .build();
    vertx
        .eventBus()
        .publish(
            Publisher.DELIVERY_ADDRESS,
            Buffer.buffer(delivery.toByteArray()),
            new DeliveryOptions()
                .addHeader(Publisher.CHANNEL_HEADER, Deliveries.key(TENANT, channel.wire())));
  }

  /** A connection that keeps what it is pushed. */
  private static class Recording implements Subscriber {
    final List<EncodedPush> pushes = new CopyOnWriteArrayList<>();
    final List<DisconnectCode> closes = new CopyOnWriteArrayList<>();
    private final CountDownLatch delivered;

    Recording(CountDownLatch delivered) {
      this.delivered = delivered;
    }

    @Override
    public boolean staff() {
      return true;
    }

    @Override
    public void push(EncodedPush push, boolean ephemeral) {
      pushes.add(push);
      delivered.countDown();
    }

    @Override
    public void disconnect(DisconnectCode code) {
      closes.add(code);
    }
  }
}
