package io.switchboard.hub.broker;

import static io.switchboard.hub.redis.TenantRedis.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.switchboard.hub.fanout.ChannelBus;
import io.switchboard.hub.fanout.Deliveries;
import io.switchboard.hub.history.Recovery;
import io.switchboard.hub.history.StreamPosition;
import io.switchboard.hub.history.WindowEntry;
import io.switchboard.hub.history.WindowOptions;
import io.switchboard.hub.limits.Bucket;
import io.switchboard.hub.limits.BucketEmpty;
import io.switchboard.hub.limits.Rate;
import io.switchboard.protos.hub.v1.Delivery;
import io.switchboard.protos.hub.v1.Publication;
import io.switchboard.protos.hub.v1.Push;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Broker} does, wherever it keeps its windows: offsets, epochs, the bounds of the
 * window, recovery, and that what it keeps reaches the bus once.
 */
abstract class BrokerContract {

  static final String CHANNEL = "room:1";

  /** Bytes a window may hold in tests that are not about the byte bound. */
  static final long BYTES = 1 << 20;

  static final WindowOptions OPTIONS = new WindowOptions(10, BYTES, Duration.ofMinutes(1), 5);

  Vertx vertx;
  ChannelBus bus;

  /** Every delivery sent on the bus during the test, in the order they were sent. */
  final List<Delivery> delivered = new CopyOnWriteArrayList<>();

  /** A broker with {@code options} that sends on {@link #bus}. */
  abstract Broker broker(WindowOptions options);

  /** A tenant of this test alone. */
  abstract String tenant();

  /** Loses every window of {@code tenant}'s {@code channel}, as a restarted store would. */
  abstract void lose(String tenant, String channel);

  /** Lets {@code time} pass for the broker's expiry. */
  abstract void pass(Duration time);

  @BeforeEach
  void openBus() {
    vertx = Vertx.vertx();
    bus = new ChannelBus(vertx.eventBus());
    // Taken as the broker sends them, in its order, whoever listens.
    vertx
        .eventBus()
        .addOutboundInterceptor(
            sent -> {
              if (sent.message().address().startsWith(ChannelBus.DELIVERY_PREFIX)
                  && sent.message().body() instanceof Buffer body) {
                delivered.add(Deliveries.parse(body));
              }
              sent.next();
            });
  }

  @AfterEach
  void closeBus() {
    vertx.close().await();
  }

  Delivery delivery(String channel, long offset, ByteString data) {
    return Delivery.newBuilder()
        .setTenant(tenant())
        .setChannel(channel)
        .setPush(
            Push.newBuilder()
                .setChannel(channel)
                .setPub(Publication.newBuilder().setOffset(offset).setData(data)))
        .build();
  }

  StreamPosition publish(Broker broker, String text) {
    return publish(broker, CHANNEL, text);
  }

  StreamPosition publish(Broker broker, String channel, String text) {
    return await(broker.publish(delivery(channel, 0, ByteString.copyFromUtf8(text))));
  }

  Delivery publishStored(Broker broker, long offset, String text) {
    return await(broker.publishStored(delivery(CHANNEL, offset, ByteString.copyFromUtf8(text))));
  }

  static List<Long> offsets(List<WindowEntry> entries) {
    return entries.stream().map(WindowEntry::offset).toList();
  }

  static List<String> texts(List<WindowEntry> entries) {
    return entries.stream()
        .map(e -> Deliveries.fromWindow(e).getPush().getPub().getData().toStringUtf8())
        .toList();
  }

  /** The offsets delivered, once at least {@code expected} deliveries have arrived. */
  List<Long> deliveredOffsets(int expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (delivered.size() < expected && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    assertThat(delivered).as("deliveries on the bus").hasSizeGreaterThanOrEqualTo(expected);
    return delivered.stream().map(Deliveries::offset).toList();
  }

  @Test
  @DisplayName("gives publications the next offsets under one epoch, and delivers each once")
  void publishAssignsOffsets() {
    Broker broker = broker(OPTIONS);
    StreamPosition first = publish(broker, "a");
    StreamPosition second = publish(broker, "b");
    StreamPosition third = publish(broker, "a");

    assertThat(List.of(first.offset(), second.offset(), third.offset()))
        .containsExactly(1L, 2L, 3L);
    assertThat(first.epoch()).isNotBlank().isEqualTo(third.epoch());
    assertThat(await(broker.top(tenant(), CHANNEL)))
        .isEqualTo(new StreamPosition(3, first.epoch()));
    List<WindowEntry> all = await(broker.range(tenant(), CHANNEL, 1, 3));
    assertThat(offsets(all)).containsExactly(1L, 2L, 3L);
    assertThat(texts(all)).containsExactly("a", "b", "a");
    assertThat(deliveredOffsets(3)).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(delivered).allSatisfy(d -> assertThat(d.getEpoch()).isEqualTo(first.epoch()));
  }

  @Test
  @DisplayName("keeps offsets assigned elsewhere in order even when they arrive out of order")
  void storedOutOfOrder() {
    Broker broker = broker(OPTIONS);
    String epoch = Broker.storedEpoch(tenant(), CHANNEL);
    assertThat(publishStored(broker, 3, "c").getEpoch()).isEqualTo(epoch);
    publishStored(broker, 1, "a");
    publishStored(broker, 2, "b");

    assertThat(await(broker.storedTop(tenant(), CHANNEL, 0)))
        .isEqualTo(new StreamPosition(3, epoch));
    List<WindowEntry> entries = await(broker.range(tenant(), CHANNEL, 1, 3));
    assertThat(offsets(entries)).containsExactly(1L, 2L, 3L);
    assertThat(texts(entries)).containsExactly("a", "b", "c");
    assertThat(publish(broker, "d").offset()).isEqualTo(4);
  }

  @Test
  @DisplayName("keeps and delivers a stored offset offered twice once, the first copy")
  void storedTwice() {
    Broker broker = broker(OPTIONS);
    Delivery first = publishStored(broker, 5, "first");
    Delivery again = publishStored(broker, 5, "second");

    assertThat(first).isNotNull();
    assertThat(Deliveries.offset(first)).isEqualTo(5);
    assertThat(again).isNull();
    assertThat(texts(await(broker.range(tenant(), CHANNEL, 0, 10)))).containsExactly("first");
    assertThat(deliveredOffsets(1)).containsExactly(5L);
    publish(broker, "after");
    assertThat(deliveredOffsets(2)).as("nothing else was delivered").containsExactly(5L, 6L);
  }

  @Test
  @DisplayName(
      "keeps a stored publication and its listing in one step: the listing at the next offset of"
          + " its own stream, delivered after it; the same offset offered again lists nothing")
  void storedWithListing() {
    Broker broker = broker(OPTIONS);
    String list = "inbox:1";
    publish(broker, list, "earlier line");
    Delivery kept =
        await(
            broker.publishStored(
                delivery(CHANNEL, 7, ByteString.copyFromUtf8("message")),
                delivery(list, 0, ByteString.copyFromUtf8("line"))));

    assertThat(Deliveries.offset(kept)).isEqualTo(7);
    assertThat(kept.getEpoch()).isEqualTo(Broker.storedEpoch(tenant(), CHANNEL));
    List<WindowEntry> lines = await(broker.range(tenant(), list, 1, 10));
    assertThat(offsets(lines)).containsExactly(1L, 2L);
    assertThat(texts(lines)).containsExactly("earlier line", "line");
    assertThat(deliveredOffsets(3)).containsExactly(1L, 7L, 2L);
    assertThat(delivered.get(2).getChannel()).isEqualTo(list);
    assertThat(delivered.get(2).getEpoch()).isEqualTo(await(broker.top(tenant(), list)).epoch());

    Delivery again =
        await(
            broker.publishStored(
                delivery(CHANNEL, 7, ByteString.copyFromUtf8("message")),
                delivery(list, 0, ByteString.copyFromUtf8("line again"))));
    assertThat(again).isNull();
    assertThat(await(broker.top(tenant(), list)).offset()).isEqualTo(2);
    publish(broker, list, "later line");
    assertThat(deliveredOffsets(4))
        .as("nothing else was delivered")
        .containsExactly(1L, 7L, 2L, 3L);
  }

  @Test
  @DisplayName("refuses a listing of another tenant, and keeps neither")
  void listingOfAnotherTenant() {
    Broker broker = broker(OPTIONS);
    Delivery foreign =
        delivery("inbox:1", 0, ByteString.copyFromUtf8("line")).toBuilder()
            .setTenant(tenant() + "-other")
            .build();
    Future<Delivery> refused =
        broker.publishStored(delivery(CHANNEL, 1, ByteString.copyFromUtf8("m")), foreign);
    assertThat(refused.failed()).isTrue();
    assertThat(refused.cause()).isInstanceOf(IllegalArgumentException.class);
    assertThat(await(broker.range(tenant(), CHANNEL, 0, 10))).isEmpty();
  }

  @Test
  @DisplayName("refuses a stored publication without an offset")
  void storedNeedsAnOffset() {
    Broker broker = broker(OPTIONS);
    Future<Delivery> refused =
        broker.publishStored(delivery(CHANNEL, 0, ByteString.copyFromUtf8("x")));
    assertThat(refused.failed()).isTrue();
    assertThat(refused.cause()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("delivers an ephemeral push without keeping it")
  void ephemeral() {
    Broker broker = broker(OPTIONS);
    broker.publishEphemeral(delivery(CHANNEL, 0, ByteString.copyFromUtf8("typing")));
    assertThat(deliveredOffsets(1)).containsExactly(0L);
    assertThat(delivered.get(0).getPush().getPub().getData().toStringUtf8()).isEqualTo("typing");
    assertThat(await(broker.range(tenant(), CHANNEL, 0, 10))).isEmpty();
    assertThat(await(broker.top(tenant(), CHANNEL)).offset()).isZero();
  }

  @Test
  @DisplayName("keeps only the newest entries")
  void trimsToSize() {
    Broker broker = broker(new WindowOptions(3, BYTES, Duration.ofMinutes(1), 10));
    IntStream.rangeClosed(1, 5).forEach(i -> publish(broker, "m" + i));

    List<WindowEntry> kept = await(broker.page(tenant(), CHANNEL, 0, 100, false));
    assertThat(offsets(kept)).containsExactly(3L, 4L, 5L);
    assertThat(texts(kept)).containsExactly("m3", "m4", "m5");
  }

  @Test
  @DisplayName(
      "holds at most its bytes: the oldest go first, the newest always stays, and a client whose"
          + " position fell out is not recovered")
  void trimsToBytes() {
    ByteString hundred = ByteString.copyFromUtf8("x".repeat(100));
    // An entry is counted as "<offset>:" and the delivery as kept: room for three, not four.
    long entry = 2 + delivery(CHANNEL, 0, hundred).getSerializedSize();
    Broker broker = broker(new WindowOptions(100, entry * 7 / 2, Duration.ofMinutes(1), 100));
    StreamPosition first = await(broker.publish(delivery(CHANNEL, 0, hundred)));
    IntStream.rangeClosed(2, 5).forEach(i -> await(broker.publish(delivery(CHANNEL, 0, hundred))));

    List<WindowEntry> kept = await(broker.page(tenant(), CHANNEL, 0, 100, false));
    assertThat(offsets(kept)).containsExactly(3L, 4L, 5L);
    Recovery fellOut = await(broker.since(tenant(), CHANNEL, new StreamPosition(1, first.epoch())));
    assertThat(fellOut.recovered()).isFalse();
    assertThat(fellOut.entries()).isEmpty();
    Recovery inside = await(broker.since(tenant(), CHANNEL, new StreamPosition(2, first.epoch())));
    assertThat(inside.recovered()).isTrue();
    assertThat(offsets(inside.entries())).containsExactly(3L, 4L, 5L);

    publish(broker, "y".repeat(1000));
    assertThat(offsets(await(broker.page(tenant(), CHANNEL, 0, 100, false)))).containsExactly(6L);
    publish(broker, "z");
    assertThat(offsets(await(broker.page(tenant(), CHANNEL, 0, 100, false)))).containsExactly(7L);
  }

  @Test
  @DisplayName(
      "a stored stream whose window is lost starts again at the stored top, under the same epoch")
  void storedStreamSurvivesLoss() {
    Broker broker = broker(OPTIONS);
    String tenant = tenant();
    String epoch = Broker.storedEpoch(tenant, CHANNEL);
    assertThat(await(broker.storedTop(tenant, CHANNEL, 286)))
        .isEqualTo(new StreamPosition(286, epoch));
    publishStored(broker, 287, "next");
    assertThat(await(broker.storedTop(tenant, CHANNEL, 0)))
        .isEqualTo(new StreamPosition(287, epoch));

    lose(tenant, CHANNEL);
    publishStored(broker, 288, "after loss");
    Recovery recovery =
        await(broker.storedSince(tenant, CHANNEL, new StreamPosition(286, epoch), 288));
    assertThat(recovery.recovered()).as("287 is no longer in the window").isFalse();
    assertThat(recovery.top()).isEqualTo(new StreamPosition(288, epoch));
    assertThat(await(broker.storedTop(tenant, CHANNEL, 290)))
        .as("a stored top above the window's raises it")
        .isEqualTo(new StreamPosition(290, epoch));
  }

  @Test
  @DisplayName("a stored stream replaces a window of another epoch, and drops its entries")
  void storedStreamReplacesForeignEpoch() {
    Broker broker = broker(OPTIONS);
    String tenant = tenant();
    StreamPosition foreign = publish(broker, "of a random epoch");
    String epoch = Broker.storedEpoch(tenant, CHANNEL);
    assertThat(foreign.epoch()).isNotEqualTo(epoch);

    assertThat(await(broker.storedTop(tenant, CHANNEL, 4))).isEqualTo(new StreamPosition(4, epoch));
    assertThat(await(broker.range(tenant, CHANNEL, 0, 10))).isEmpty();
    assertThat(Broker.storedEpoch(tenant, "room:2")).isNotEqualTo(epoch);
    assertThat(Broker.storedEpoch("other", CHANNEL)).isNotEqualTo(epoch);
  }

  @Test
  @DisplayName("expires after the ttl and starts again under a new epoch")
  void expiresToNewEpoch() {
    Duration ttl = Duration.ofMillis(300);
    Broker broker = broker(new WindowOptions(10, BYTES, ttl, 10));
    publish(broker, "a");
    StreamPosition before = publish(broker, "b");

    pass(ttl.plusMillis(150));

    StreamPosition after = await(broker.top(tenant(), CHANNEL));
    assertThat(after.offset()).isZero();
    assertThat(after.epoch()).isNotBlank().isNotEqualTo(before.epoch());
    Recovery recovery = await(broker.since(tenant(), CHANNEL, before));
    assertThat(recovery.recovered()).isFalse();
    assertThat(recovery.entries()).isEmpty();
    assertThat(recovery.top()).isEqualTo(after);
    assertThat(publish(broker, "c")).isEqualTo(new StreamPosition(1, after.epoch()));
  }

  @Test
  @DisplayName("creates and keeps an epoch for a stream never written")
  void topOfNewStream() {
    Broker broker = broker(OPTIONS);
    StreamPosition top = await(broker.top(tenant(), CHANNEL));
    assertThat(top.offset()).isZero();
    assertThat(await(broker.top(tenant(), CHANNEL))).isEqualTo(top);
    assertThat(publish(broker, "a")).isEqualTo(new StreamPosition(1, top.epoch()));
  }

  @Test
  @DisplayName("recovers exactly what a client missed")
  void recoversExactly() {
    Broker broker = broker(OPTIONS);
    IntStream.rangeClosed(1, 5).forEach(i -> publish(broker, "m" + i));
    String epoch = await(broker.top(tenant(), CHANNEL)).epoch();

    Recovery recovery = await(broker.since(tenant(), CHANNEL, new StreamPosition(2, epoch)));

    assertThat(recovery.recovered()).isTrue();
    assertThat(recovery.top()).isEqualTo(new StreamPosition(5, epoch));
    assertThat(offsets(recovery.entries())).containsExactly(3L, 4L, 5L);
    assertThat(texts(recovery.entries())).containsExactly("m3", "m4", "m5");
  }

  @Test
  @DisplayName("recovers nothing, successfully, for a client already at the top")
  void recoversAtTop() {
    Broker broker = broker(OPTIONS);
    StreamPosition top = publish(broker, "a");
    Recovery recovery = await(broker.since(tenant(), CHANNEL, top));
    assertThat(recovery.recovered()).isTrue();
    assertThat(recovery.entries()).isEmpty();
    assertThat(recovery.top()).isEqualTo(top);
  }

  @Test
  @DisplayName("refuses to recover across epochs")
  void epochMismatch() {
    Broker broker = broker(OPTIONS);
    publish(broker, "a");
    StreamPosition top = publish(broker, "b");
    Recovery recovery =
        await(broker.since(tenant(), CHANNEL, new StreamPosition(1, "other-epoch")));
    assertThat(recovery.recovered()).isFalse();
    assertThat(recovery.entries()).isEmpty();
    assertThat(recovery.top()).isEqualTo(top);
  }

  @Test
  @DisplayName("refuses to recover from a position older than the window")
  void olderThanWindow() {
    Broker broker = broker(new WindowOptions(3, BYTES, Duration.ofMinutes(1), 100));
    IntStream.rangeClosed(1, 6).forEach(i -> publish(broker, "m" + i));
    StreamPosition top = await(broker.top(tenant(), CHANNEL));
    Recovery recovery = await(broker.since(tenant(), CHANNEL, new StreamPosition(1, top.epoch())));
    assertThat(recovery.recovered()).isFalse();
    assertThat(recovery.entries()).isEmpty();
    assertThat(await(broker.since(tenant(), CHANNEL, new StreamPosition(3, top.epoch()))).entries())
        .extracting(WindowEntry::offset)
        .containsExactly(4L, 5L, 6L);
  }

  @Test
  @DisplayName("refuses to recover more than maxRecovered entries")
  void tooManyMissed() {
    Broker broker = broker(new WindowOptions(10, BYTES, Duration.ofMinutes(1), 2));
    IntStream.rangeClosed(1, 5).forEach(i -> publish(broker, "m" + i));
    String epoch = await(broker.top(tenant(), CHANNEL)).epoch();
    Recovery tooMany = await(broker.since(tenant(), CHANNEL, new StreamPosition(2, epoch)));
    assertThat(tooMany.recovered()).isFalse();
    assertThat(tooMany.entries()).isEmpty();
    Recovery enough = await(broker.since(tenant(), CHANNEL, new StreamPosition(3, epoch)));
    assertThat(enough.recovered()).isTrue();
    assertThat(offsets(enough.entries())).containsExactly(4L, 5L);
  }

  @Test
  @DisplayName("refuses to recover over a gap in the window, or from ahead of the top")
  void gapInWindow() {
    Broker broker = broker(OPTIONS);
    String epoch = Broker.storedEpoch(tenant(), CHANNEL);
    publishStored(broker, 1, "a");
    publishStored(broker, 2, "b");
    publishStored(broker, 4, "d");
    Recovery overGap =
        await(broker.storedSince(tenant(), CHANNEL, new StreamPosition(1, epoch), 0));
    assertThat(overGap.recovered()).isFalse();
    assertThat(overGap.entries()).isEmpty();
    Recovery ahead = await(broker.storedSince(tenant(), CHANNEL, new StreamPosition(9, epoch), 0));
    assertThat(ahead.recovered()).isFalse();

    publishStored(broker, 3, "c");
    Recovery filled = await(broker.storedSince(tenant(), CHANNEL, new StreamPosition(1, epoch), 0));
    assertThat(filled.recovered()).isTrue();
    assertThat(texts(filled.entries())).containsExactly("b", "c", "d");
  }

  @Test
  @DisplayName("returns binary payloads byte for byte, identical ones included")
  void binaryPayload() {
    Broker broker = broker(OPTIONS);
    byte[] bytes = {0x00, (byte) 0xFF, ':', 0x0A, 0x00, (byte) 0x80, (byte) 0xFE, '"', '\\'};
    ByteString data = ByteString.copyFrom(bytes);
    StreamPosition first = await(broker.publish(delivery(CHANNEL, 0, data)));
    await(broker.publish(delivery(CHANNEL, 0, data)));

    List<WindowEntry> entries = await(broker.range(tenant(), CHANNEL, 1, 2));
    assertThat(entries).hasSize(2);
    assertThat(entries)
        .allSatisfy(
            e ->
                assertThat(Deliveries.fromWindow(e).getPush().getPub().getData().toByteArray())
                    .containsExactly(bytes));
    Recovery recovery =
        await(broker.since(tenant(), CHANNEL, new StreamPosition(0, first.epoch())));
    assertThat(recovery.recovered()).isTrue();
    assertThat(offsets(recovery.entries())).containsExactly(1L, 2L);
  }

  @Test
  @DisplayName("pages forwards from an offset and backwards from the newest")
  void pages() {
    Broker broker = broker(OPTIONS);
    IntStream.rangeClosed(1, 6).forEach(i -> publish(broker, "m" + i));
    String tenant = tenant();

    assertThat(offsets(await(broker.page(tenant, CHANNEL, 0, 2, false)))).containsExactly(1L, 2L);
    assertThat(offsets(await(broker.page(tenant, CHANNEL, 2, 3, false))))
        .containsExactly(3L, 4L, 5L);
    assertThat(offsets(await(broker.page(tenant, CHANNEL, 0, 2, true)))).containsExactly(6L, 5L);
    assertThat(offsets(await(broker.page(tenant, CHANNEL, 4, 10, true)))).containsExactly(6L, 5L);
    assertThat(await(broker.page(tenant, CHANNEL, 6, 10, false))).isEmpty();
    assertThat(await(broker.page(tenant, CHANNEL, 0, 0, false))).isEmpty();
    assertThat(offsets(await(broker.range(tenant, CHANNEL, 2, 4)))).containsExactly(2L, 3L, 4L);
    assertThat(await(broker.range(tenant, "never-written", 1, 4))).isEmpty();
  }

  @Test
  @DisplayName("gives 50 parallel publications the offsets 1 to 50, each once")
  void parallelPublishes() {
    Broker broker = broker(new WindowOptions(100, BYTES, Duration.ofMinutes(1), 100));
    List<Future<StreamPosition>> publishes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      publishes.add(broker.publish(delivery(CHANNEL, 0, ByteString.copyFromUtf8("same"))));
    }
    await(Future.all(publishes));

    List<Long> assigned = publishes.stream().map(f -> f.result().offset()).sorted().toList();
    List<Long> oneToFifty = IntStream.rangeClosed(1, 50).mapToObj(i -> (long) i).toList();
    assertThat(assigned).containsExactlyElementsOf(oneToFifty);
    assertThat(publishes.stream().map(f -> f.result().epoch()).distinct()).hasSize(1);
    assertThat(offsets(await(broker.range(tenant(), CHANNEL, 1, 50)))).hasSize(50);
    assertThat(deliveredOffsets(50)).containsExactlyInAnyOrderElementsOf(oneToFifty);
  }

  @Test
  @DisplayName("a channel of the same name in another tenant is another stream")
  void tenantsApart() {
    Broker broker = broker(OPTIONS);
    String other = "other-" + UUID.randomUUID();
    publish(broker, "mine");
    Delivery theirs =
        delivery(CHANNEL, 0, ByteString.copyFromUtf8("theirs")).toBuilder()
            .setTenant(other)
            .build();
    StreamPosition top = await(broker.publish(theirs));

    assertThat(top.offset()).isEqualTo(1);
    assertThat(texts(await(broker.range(tenant(), CHANNEL, 0, 10)))).containsExactly("mine");
    assertThat(texts(await(broker.range(other, CHANNEL, 0, 10)))).containsExactly("theirs");
    lose(other, CHANNEL);
  }

  /** Why {@code future} failed, once it has; null when it succeeded. */
  static Throwable refusal(Future<?> future) {
    return await(future.transform(done -> Future.succeededFuture(done.cause())));
  }

  /**
   * Two tokens, refilled at one a second: slow enough that Redis's real clock refills none while a
   * test publishes three times.
   */
  static final Bucket QUOTA = new Bucket("api-publish", new Rate(1, 2));

  /** Publishes {@code text} with {@link #QUOTA} until it is empty: two kept, the third refused. */
  Delivery drainQuota(Broker broker, String text) {
    Delivery delivery = delivery(CHANNEL, 0, ByteString.copyFromUtf8(text));
    await(broker.publish(delivery, QUOTA));
    await(broker.publish(delivery, QUOTA));
    assertThat(refusal(broker.publish(delivery, QUOTA))).isInstanceOf(BucketEmpty.class);
    return delivery;
  }

  @Test
  @DisplayName(
      "with a quota, takes a token per publication and, once the bucket is empty, keeps and"
          + " delivers nothing")
  void quotaRefuses() {
    Broker broker = broker(OPTIONS);
    Delivery one = delivery(CHANNEL, 0, ByteString.copyFromUtf8("one"));
    assertThat(await(broker.publish(one, QUOTA)).offset()).isEqualTo(1);
    assertThat(await(broker.publish(one, QUOTA)).offset()).isEqualTo(2);

    Throwable refused = refusal(broker.publish(one, QUOTA));

    assertThat(refused).isInstanceOf(BucketEmpty.class);
    assertThat(((BucketEmpty) refused).bucket()).isEqualTo("api-publish");
    assertThat(await(broker.top(tenant(), CHANNEL)).offset()).isEqualTo(2);
    assertThat(offsets(await(broker.range(tenant(), CHANNEL, 0, 10)))).containsExactly(1L, 2L);
    assertThat(deliveredOffsets(2)).containsExactly(1L, 2L);
    // Publishing without a quota is not limited by it.
    assertThat(publish(broker, "free").offset()).isEqualTo(3);
  }

  @Test
  @DisplayName("a quota refills with time, and the next publication takes the next offset")
  void quotaRefills() {
    Broker broker = broker(OPTIONS);
    Delivery one = drainQuota(broker, "one");

    pass(Duration.ofMillis(1_100));

    assertThat(await(broker.publish(one, QUOTA)).offset()).isEqualTo(3);
  }

  @Test
  @DisplayName("a tenant's empty quota leaves another tenant's bucket of the same name alone")
  void quotasApart() {
    Broker broker = broker(OPTIONS);
    Delivery mine = drainQuota(broker, "mine");

    String other = "other-" + UUID.randomUUID();
    Delivery theirs = mine.toBuilder().setTenant(other).build();

    assertThat(await(broker.publish(theirs, QUOTA)).offset()).isEqualTo(1);
    assertThat(await(broker.publish(theirs, QUOTA)).offset()).isEqualTo(2);
    lose(other, CHANNEL);
  }
}
