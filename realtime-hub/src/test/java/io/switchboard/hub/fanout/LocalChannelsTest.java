package io.switchboard.hub.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.hub.HubMetrics;
import io.switchboard.hub.broker.Broker;
import io.switchboard.hub.broker.MemoryBroker;
import io.switchboard.hub.channel.ChannelName;
import io.switchboard.hub.channel.Subscriber;
import io.switchboard.hub.channel.Subscription;
import io.switchboard.hub.history.StreamPosition;
import io.switchboard.hub.history.WindowOptions;
import io.switchboard.hub.protocol.DisconnectCode;
import io.switchboard.protos.hub.v1.Delivery;
import io.switchboard.protos.hub.v1.Publication;
import io.switchboard.protos.hub.v1.Push;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The channels of one event loop")
class LocalChannelsTest {

  private static final String TENANT = "acme";

  private static final WindowOptions WINDOW =
      new WindowOptions(100, 1 << 20, Duration.ofMinutes(1), 100);

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
    LocalChannels channels = channels();
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
          for (Subscriber owner : List.of(before, closing, after)) {
            Subscription subscription = new Subscription(TENANT, channel, owner);
            channels.add(subscription);
            subscription.activate(0, "");
          }
          channels.knownTop(TENANT, channel.wire(), new StreamPosition(0, ""));
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
    LocalChannels channels = channels();
    int burst = 5_000;
    CountDownLatch delivered = new CountDownLatch(burst);
    Recording subscriber = new Recording(delivered);
    CountDownLatch ready = new CountDownLatch(1);
    Context context = vertx.getOrCreateContext();
    context.runOnContext(
        v -> {
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
    LocalChannels channels = channels();
    CountDownLatch delivered = new CountDownLatch(2);
    Recording subscriber = new Recording(delivered);
    Context context = vertx.getOrCreateContext();
    context.runOnContext(
        v -> {
          Subscription subscription = new Subscription(TENANT, channel, subscriber);
          channels.add(subscription);
          subscription.activate(0, "");
          channels.knownTop(TENANT, channel.wire(), new StreamPosition(0, ""));
          publish(channel, 2);
          publish(channel, 1);
        });

    assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(subscriber.pushes).extracting(EncodedPush::offset).containsExactly(1L, 2L);
  }

  @Test
  @DisplayName(
      "offsets that arrive before a subscriber has read where the stream stands wait for it: 12"
          + " arriving before 11 (two nodes publishing) loses neither, and what the read already"
          + " covers is not handed out again")
  void deliveriesBeforeTheTopIsKnownWait() throws Exception {
    ChannelName channel = ChannelName.parse("conversation:" + UUID.randomUUID());
    LocalChannels channels = channels();
    CountDownLatch delivered = new CountDownLatch(3);
    Recording subscriber = new Recording(delivered);
    Context context = vertx.getOrCreateContext();
    Subscription subscription = listeningOn(context, channels, channel, subscriber);
    // The bus handler runs on the loop in order of sending: all four are waiting before the read
    // of the top (10) completes.
    onLoop(
        context,
        () -> {
          publish(channel, 12, "e1");
          publish(channel, 10, "e1");
          publish(channel, 13, "e1");
          publish(channel, 11, "e1");
          return Future.succeededFuture();
        });
    onLoop(
        context,
        () -> {
          channels.knownTop(TENANT, channel.wire(), new StreamPosition(10, "e1"));
          subscription.activate(10, "e1");
          return Future.succeededFuture();
        });

    assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(subscriber.pushes).extracting(EncodedPush::offset).containsExactly(11L, 12L, 13L);
    assertThat(subscriber.closes).isEmpty();
  }

  @Test
  @DisplayName(
      "what waited for the top under another epoch than the one read is not handed out as the"
          + " read stream's")
  void waitingOfAnotherEpochIsDropped() throws Exception {
    ChannelName channel = ChannelName.parse("conversation:" + UUID.randomUUID());
    LocalChannels channels = channels();
    CountDownLatch delivered = new CountDownLatch(1);
    Recording subscriber = new Recording(delivered);
    Context context = vertx.getOrCreateContext();
    Subscription subscription = listeningOn(context, channels, channel, subscriber);
    onLoop(
        context,
        () -> {
          publish(channel, 4, "old");
          return Future.succeededFuture();
        });
    onLoop(
        context,
        () -> {
          channels.knownTop(TENANT, channel.wire(), new StreamPosition(2, "new"));
          subscription.activate(2, "new");
          publish(channel, 3, "new");
          return Future.succeededFuture();
        });

    assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(subscriber.pushes).extracting(EncodedPush::offset).containsExactly(3L);
    assertThat(subscriber.closes).isEmpty();
  }

  @Test
  @DisplayName(
      "when a channel's stream starts over under a new epoch, its next publication reaches the"
          + " subscribers of the new epoch, and those of the old one are closed with 3010")
  void newEpochStartsOver() throws Exception {
    ChannelName channel = ChannelName.parse("user:agent-1");
    LocalChannels channels = channels();
    CountDownLatch delivered = new CountDownLatch(1);
    Recording old = new Recording(new CountDownLatch(1));
    Recording fresh = new Recording(delivered);
    Context context = vertx.getOrCreateContext();
    context.runOnContext(
        v -> {
          Subscription before = new Subscription(TENANT, channel, old);
          channels.add(before);
          channels.knownTop(TENANT, channel.wire(), new StreamPosition(5, "old-epoch"));
          before.activate(5, "old-epoch");
          Subscription after = new Subscription(TENANT, channel, fresh);
          channels.add(after);
          channels.knownTop(TENANT, channel.wire(), new StreamPosition(0, "new-epoch"));
          after.activate(0, "new-epoch");
          publish(channel, 1, "new-epoch");
        });

    assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(fresh.pushes).extracting(EncodedPush::offset).containsExactly(1L);
    assertThat(old.pushes).isEmpty();
    assertThat(old.closes).containsExactly(DisconnectCode.INSUFFICIENT_STATE);
    assertThat(fresh.closes).isEmpty();
  }

  @Test
  @DisplayName(
      "a loop listens on a channel's address from its first subscriber to its last, and a channel"
          + " of the same name in another tenant has another address")
  void listensWhileSubscribed() throws Exception {
    ChannelName channel = ChannelName.parse("conversation:" + UUID.randomUUID());
    String address = ChannelBus.address(TENANT, channel.wire());
    LocalChannels channels = channels();
    Context context = vertx.getOrCreateContext();
    CountDownLatch delivered = new CountDownLatch(1);
    Recording first = new Recording(delivered);
    Recording second = new Recording(new CountDownLatch(1));
    Subscription one = new Subscription(TENANT, channel, first);
    Subscription two = new Subscription(TENANT, channel, second);

    assertThat(handlers(address)).as("before any subscriber").isFalse();
    onLoop(
        context,
        () -> {
          channels.add(one);
          channels.add(two);
          return Future.all(channels.listening(one), channels.listening(two)).mapEmpty();
        });
    assertThat(handlers(address)).as("with subscribers").isTrue();
    assertThat(handlers(ChannelBus.address("other-tenant", channel.wire())))
        .as("the same channel name in another tenant")
        .isFalse();

    onLoop(
        context,
        () -> {
          one.activate(0, "");
          channels.knownTop(TENANT, channel.wire(), new StreamPosition(0, ""));
          channels.remove(two);
          publish(channel, 1);
          return Future.succeededFuture();
        });
    assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(handlers(address)).as("one subscriber left").isTrue();

    onLoop(
        context,
        () -> {
          channels.remove(one);
          return Future.succeededFuture();
        });
    assertThat(handlers(address)).as("after the last subscriber").isFalse();
    assertThat(channels.size()).isZero();
  }

  /** A subscription of {@code subscriber} added on the loop, once the loop listens for it. */
  private static Subscription listeningOn(
      Context context, LocalChannels channels, ChannelName channel, Subscriber subscriber)
      throws Exception {
    Subscription subscription = new Subscription(TENANT, channel, subscriber);
    onLoop(
        context,
        () -> {
          channels.add(subscription);
          return channels.listening(subscription);
        });
    return subscription;
  }

  /** Runs {@code step} on the loop and waits for the future it returns. */
  private static void onLoop(Context context, Supplier<Future<Void>> step) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(
        v ->
            step.get()
                .onComplete(
                    r -> {
                      if (r.succeeded()) {
                        done.complete(null);
                      } else {
                        done.completeExceptionally(r.cause());
                      }
                    }));
    done.get(10, TimeUnit.SECONDS);
  }

  /**
   * Whether anything listens on {@code address}, asked of the bus itself: a request with no handler
   * fails at once with NO_HANDLERS; one that reaches a handler (which never answers a body that is
   * not a delivery) times out.
   */
  private boolean handlers(String address) throws Exception {
    Throwable failure =
        vertx
            .eventBus()
            .request(
                address, Buffer.buffer("not a delivery"), new DeliveryOptions().setSendTimeout(200))
            .transform(r -> Future.succeededFuture(r.cause()))
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(ReplyException.class);
    ReplyFailure kind = ((ReplyException) failure).failureType();
    assertThat(kind).isIn(ReplyFailure.NO_HANDLERS, ReplyFailure.TIMEOUT);
    return kind == ReplyFailure.TIMEOUT;
  }

  /** The channels of a loop on this test's bus, waiting 200 ms for a missing offset. */
  private LocalChannels channels() {
    return new LocalChannels(
        vertx, broker(), new HubMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), 200);
  }

  /** A broker on this test's bus; these tests publish on the bus themselves. */
  private Broker broker() {
    return new MemoryBroker(WINDOW, new ChannelBus(vertx.eventBus()), Clock.systemUTC());
  }

  @Test
  @DisplayName(
      "an offset the bus never brought is read from the broker's window, and handed out in order"
          + " before the one that came after it")
  void gapFilledFromTheWindow() throws Exception {
    ChannelName channel = ChannelName.parse("conversation:" + UUID.randomUUID());
    // The broker keeps offset 2, but its delivery goes to another process's bus, as when another
    // node's delivery is late: only offset 3 arrives here.
    Vertx elsewhere = Vertx.vertx();
    try {
      Broker shared =
          new MemoryBroker(WINDOW, new ChannelBus(elsewhere.eventBus()), Clock.systemUTC());
      Delivery second =
          Delivery.newBuilder()
              .setTenant(TENANT)
              .setChannel(channel.wire())
              .setPush(
                  Push.newBuilder()
                      .setChannel(channel.wire())
                      .setPub(Publication.newBuilder().setOffset(2)))
              .build();
      shared.publishStored(second).await();
      String epoch = Broker.storedEpoch(TENANT, channel.wire());
      HubMetrics metrics = new HubMetrics(new SimpleMeterRegistry());
      LocalChannels channels = new LocalChannels(vertx, shared, metrics, Clock.systemUTC(), 50);
      CountDownLatch delivered = new CountDownLatch(2);
      Recording subscriber = new Recording(delivered);
      vertx
          .getOrCreateContext()
          .runOnContext(
              v -> {
                Subscription subscription = new Subscription(TENANT, channel, subscriber);
                channels.add(subscription);
                channels.knownTop(TENANT, channel.wire(), new StreamPosition(1, epoch));
                subscription.activate(1, epoch);
                publish(channel, 3, epoch);
              });

      assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(subscriber.pushes).extracting(EncodedPush::offset).containsExactly(2L, 3L);
      assertThat(subscriber.closes).isEmpty();
    } finally {
      elsewhere.close().await();
    }
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
    new ChannelBus(vertx.eventBus()).send(delivery);
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
