package io.switchboard.hub.broker;

import static io.switchboard.hub.redis.TenantRedis.await;
import static io.switchboard.hub.redis.TenantRedis.settle;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.switchboard.hub.history.StreamPosition;
import io.switchboard.hub.history.WindowEntry;
import io.switchboard.hub.history.WindowOptions;
import io.switchboard.hub.redis.HubKeys;
import io.switchboard.hub.redis.TenantRedis;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The broker in Redis")
class RedisBrokerTest extends BrokerContract {

  private TenantRedis redis;

  @BeforeEach
  void openRedis() {
    redis = TenantRedis.open();
  }

  @AfterEach
  void closeRedis() {
    redis.close();
  }

  @Override
  Broker broker(WindowOptions options) {
    return new RedisBroker(redis.redis(), options, bus);
  }

  @Override
  String tenant() {
    return redis.tenant();
  }

  @Override
  void lose(String tenant, String channel) {
    redis.send(
        Command.DEL,
        HubKeys.key(tenant, "history", channel, "entries"),
        HubKeys.key(tenant, "history", channel, "meta"));
  }

  @Override
  void pass(Duration time) {
    try {
      Thread.sleep(time.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("keeps a window's keys a ttl past the last publication, trimmed to its size")
  void keysExpire() {
    Broker broker = broker(new WindowOptions(3, BYTES, Duration.ofMinutes(1), 10));
    IntStream.rangeClosed(1, 5).forEach(i -> publish(broker, "m" + i));

    String entriesKey = HubKeys.key(tenant(), "history", CHANNEL, "entries");
    String metaKey = HubKeys.key(tenant(), "history", CHANNEL, "meta");
    assertThat(redis.send(Command.ZCARD, entriesKey).toInteger()).isEqualTo(3);
    assertThat(redis.pttl(entriesKey)).isPositive().isLessThanOrEqualTo(60_000);
    assertThat(redis.pttl(metaKey)).isPositive().isLessThanOrEqualTo(60_000);
  }

  @Test
  @DisplayName("keeps its offsets after Redis forgets its scripts")
  void scriptsFlushed() {
    Broker broker = broker(OPTIONS);
    StreamPosition first = publish(broker, "a");
    redis.send(Command.SCRIPT, "FLUSH");
    StreamPosition second =
        await(broker.publish(delivery(CHANNEL, 0, ByteString.copyFromUtf8("b"))));
    assertThat(second).isEqualTo(new StreamPosition(2, first.epoch()));
  }

  @Test
  @DisplayName(
      "sends the appends one event-loop turn asks for in one script call per tenant, each with its"
          + " own result")
  void oneCallPerTenantAndTurn() {
    Broker broker = broker(OPTIONS);
    String other = "t-" + UUID.randomUUID();
    long before = scriptCalls();
    List<Future<?>> results =
        onLoop(
            () -> {
              List<Future<?>> asked = new ArrayList<>();
              for (long offset : new long[] {1, 2, 3, 3, 4}) {
                asked.add(broker.publishStored(delivery(CHANNEL, offset, text("s" + offset))));
              }
              for (int i = 1; i <= 3; i++) {
                asked.add(broker.publish(delivery("room:2", 0, text("e" + i))));
              }
              asked.add(
                  broker.publishStored(
                      delivery(CHANNEL, 1, text("o")).toBuilder().setTenant(other).build()));
              return asked;
            });
    try {
      assertThat(scriptCalls() - before).as("script calls").isEqualTo(2);
      assertThat(results.subList(0, 5))
          .extracting(Future::result)
          .extracting(result -> result != null)
          .as("kept and delivered; the second copy of offset 3 not")
          .containsExactly(true, true, true, false, true);
      List<StreamPosition> ephemeral =
          results.subList(5, 8).stream().map(f -> (StreamPosition) f.result()).toList();
      assertThat(ephemeral).extracting(StreamPosition::offset).containsExactly(1L, 2L, 3L);
      assertThat(ephemeral)
          .extracting(StreamPosition::epoch)
          .containsOnly(ephemeral.get(0).epoch());
      List<WindowEntry> window = await(broker.page(tenant(), CHANNEL, 0, 10, false));
      assertThat(offsets(window)).containsExactly(1L, 2L, 3L, 4L);
      assertThat(texts(window)).containsExactly("s1", "s2", "s3", "s4");
      assertThat(texts(await(broker.page(other, CHANNEL, 0, 10, false)))).containsExactly("o");
    } finally {
      lose(other, CHANNEL);
    }
  }

  @Test
  @DisplayName(
      "splits a turn's appends into calls of at most 128, offsets still in the order asked")
  void largeTurnsSplit() {
    Broker broker = broker(new WindowOptions(400, BYTES, Duration.ofMinutes(1), 5));
    long before = scriptCalls();
    List<Future<?>> results =
        onLoop(
            () -> {
              List<Future<?>> asked = new ArrayList<>();
              for (int i = 1; i <= 300; i++) {
                asked.add(broker.publish(delivery(CHANNEL, 0, text("m" + i))));
              }
              return asked;
            });
    assertThat(scriptCalls() - before).as("script calls").isEqualTo(3);
    assertThat(results)
        .extracting(f -> ((StreamPosition) f.result()).offset())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 300).boxed().toList());
    List<WindowEntry> window = await(broker.page(tenant(), CHANNEL, 0, 300, false));
    assertThat(texts(window))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 300).mapToObj(i -> "m" + i).toList());
  }

  @Test
  @DisplayName("fails every append of a call Redis refuses, and serves the next turn")
  void failedCall() {
    Broker broker = broker(OPTIONS);
    // A string where the window keeps its hash: Redis refuses the script's first HGET.
    String meta = HubKeys.key(tenant(), "history", CHANNEL, "meta");
    redis.send(Command.SET, meta, "not a hash");
    List<Future<?>> refused =
        onLoop(
            () ->
                List.of(
                    broker.publish(delivery(CHANNEL, 0, text("a"))),
                    broker.publish(delivery(CHANNEL, 0, text("b")))));
    assertThat(refused).allSatisfy(f -> assertThat(f.failed()).isTrue());
    redis.send(Command.DEL, meta);
    List<Future<?>> served = onLoop(() -> List.of(broker.publish(delivery(CHANNEL, 0, text("c")))));
    assertThat(((StreamPosition) served.get(0).result()).offset()).isEqualTo(1);
  }

  private static ByteString text(String text) {
    return ByteString.copyFromUtf8(text);
  }

  /**
   * Asks on one event loop, in one turn, and waits until every answer is in; each answer must come
   * back on that loop, where the asker's state lives.
   */
  private List<Future<?>> onLoop(Supplier<List<Future<?>>> ask) {
    Promise<List<Future<?>>> asked = Promise.promise();
    List<Thread> answeredOn = new CopyOnWriteArrayList<>();
    AtomicReference<Thread> loop = new AtomicReference<>();
    vertx.runOnContext(
        turn -> {
          loop.set(Thread.currentThread());
          List<Future<?>> futures = ask.get();
          futures.forEach(f -> f.onComplete(done -> answeredOn.add(Thread.currentThread())));
          asked.complete(futures);
        });
    List<Future<?>> results = await(asked.future());
    settle(Future.join(results));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (answeredOn.size() < results.size() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(answeredOn).as("threads answers came back on").hasSize(results.size());
    assertThat(answeredOn).containsOnly(loop.get());
    return results;
  }

  /** Scripts Redis has run since it started, by its own count. */
  private long scriptCalls() {
    String stats = redis.send(Command.INFO, "commandstats").toString();
    Matcher calls = Pattern.compile("cmdstat_evalsha:calls=(\\d+)").matcher(stats);
    return calls.find() ? Long.parseLong(calls.group(1)) : 0;
  }
}
