package io.switchboard.hub.history;

import static io.switchboard.hub.redis.TenantRedis.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.redis.HubKeys;
import io.switchboard.hub.redis.TenantRedis;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The history window")
class HistoryWindowTest {

  private static final String CHANNEL = "room:1";

  /** Bytes a window may hold in tests that are not about the byte bound. */
  private static final long BYTES = 1 << 20;

  private static final WindowOptions OPTIONS =
      new WindowOptions(10, BYTES, Duration.ofMinutes(1), 5);

  /** Short enough to wait for, long enough that the appends of one test never outlive it. */
  private static final Duration SHORT_TTL = Duration.ofMillis(300);

  private TenantRedis redis;

  @BeforeEach
  void open() {
    redis = TenantRedis.open();
  }

  @AfterEach
  void close() {
    redis.close();
  }

  private HistoryWindow window(WindowOptions options) {
    return new HistoryWindow(redis.redis(), options);
  }

  private StreamPosition append(HistoryWindow window, String text) {
    return await(window.append(redis.tenant(), CHANNEL, Buffer.buffer(text)));
  }

  private StreamPosition appendAt(HistoryWindow window, long offset, String text) {
    return await(window.appendAt(redis.tenant(), CHANNEL, offset, Buffer.buffer(text))).top();
  }

  private static List<Long> offsets(List<WindowEntry> entries) {
    return entries.stream().map(WindowEntry::offset).toList();
  }

  private static List<String> texts(List<WindowEntry> entries) {
    return entries.stream().map(e -> e.payload().toString()).toList();
  }

  @Test
  @DisplayName("gives appends the next offsets under one epoch")
  void appendAssignsOffsets() {
    HistoryWindow window = window(OPTIONS);
    StreamPosition first = append(window, "a");
    StreamPosition second = append(window, "b");
    StreamPosition third = append(window, "a");

    assertThat(List.of(first.offset(), second.offset(), third.offset()))
        .containsExactly(1L, 2L, 3L);
    assertThat(first.epoch()).isNotBlank().isEqualTo(third.epoch());
    assertThat(await(window.top(redis.tenant(), CHANNEL)))
        .isEqualTo(new StreamPosition(3, first.epoch()));
    List<WindowEntry> all = await(window.range(redis.tenant(), CHANNEL, 1, 3));
    assertThat(offsets(all)).containsExactly(1L, 2L, 3L);
    assertThat(texts(all)).containsExactly("a", "b", "a");
  }

  @Test
  @DisplayName("keeps offsets assigned elsewhere in order even when they arrive out of order")
  void appendAtOutOfOrder() {
    HistoryWindow window = window(OPTIONS);
    assertThat(appendAt(window, 3, "c").offset()).isEqualTo(3);
    assertThat(appendAt(window, 1, "a").offset()).isEqualTo(3);
    StreamPosition top = appendAt(window, 2, "b");

    assertThat(top.offset()).isEqualTo(3);
    List<WindowEntry> entries = await(window.range(redis.tenant(), CHANNEL, 1, 3));
    assertThat(offsets(entries)).containsExactly(1L, 2L, 3L);
    assertThat(texts(entries)).containsExactly("a", "b", "c");
    assertThat(append(window, "d").offset()).isEqualTo(4);
  }

  @Test
  @DisplayName("ignores an offset appended twice")
  void duplicateAppendAt() {
    HistoryWindow window = window(OPTIONS);
    WindowAppend first = await(window.appendAt(redis.tenant(), CHANNEL, 5, Buffer.buffer("first")));
    WindowAppend again =
        await(window.appendAt(redis.tenant(), CHANNEL, 5, Buffer.buffer("second")));

    assertThat(first.added()).isTrue();
    assertThat(again.added()).isFalse();
    assertThat(again.top()).isEqualTo(first.top());
    assertThat(texts(await(window.range(redis.tenant(), CHANNEL, 0, 10)))).containsExactly("first");
  }

  @Test
  @DisplayName("keeps only the newest entries")
  void trimsToSize() {
    HistoryWindow window = window(new WindowOptions(3, BYTES, Duration.ofMinutes(1), 10));
    IntStream.rangeClosed(1, 5).forEach(i -> append(window, "m" + i));

    List<WindowEntry> kept = await(window.page(redis.tenant(), CHANNEL, 0, 100, false));
    assertThat(offsets(kept)).containsExactly(3L, 4L, 5L);
    assertThat(texts(kept)).containsExactly("m3", "m4", "m5");
    String entriesKey = HubKeys.key(redis.tenant(), "history", CHANNEL, "entries");
    assertThat(redis.send(Command.ZCARD, entriesKey).toInteger()).isEqualTo(3);
    String metaKey = HubKeys.key(redis.tenant(), "history", CHANNEL, "meta");
    assertThat(redis.pttl(entriesKey)).isPositive().isLessThanOrEqualTo(60_000);
    assertThat(redis.pttl(metaKey)).isPositive().isLessThanOrEqualTo(60_000);
  }

  @Test
  @DisplayName(
      "holds at most its bytes: the oldest go first, the newest always stays, and a client whose"
          + " position fell out is not recovered")
  void trimsToBytes() {
    // Each member is "<offset>:" plus 100 bytes: 102 bytes, so 350 bytes hold three of them.
    HistoryWindow window = window(new WindowOptions(100, 350, Duration.ofMinutes(1), 100));
    String payload = "x".repeat(100);
    StreamPosition first = append(window, payload);
    IntStream.rangeClosed(2, 5).forEach(i -> append(window, payload));

    List<WindowEntry> kept = await(window.page(redis.tenant(), CHANNEL, 0, 100, false));
    assertThat(offsets(kept)).containsExactly(3L, 4L, 5L);
    Recovery fellOut =
        await(window.since(redis.tenant(), CHANNEL, new StreamPosition(1, first.epoch())));
    assertThat(fellOut.recovered()).isFalse();
    assertThat(fellOut.entries()).isEmpty();
    Recovery inside =
        await(window.since(redis.tenant(), CHANNEL, new StreamPosition(2, first.epoch())));
    assertThat(inside.recovered()).isTrue();
    assertThat(offsets(inside.entries())).containsExactly(3L, 4L, 5L);

    append(window, "y".repeat(1000));
    assertThat(offsets(await(window.page(redis.tenant(), CHANNEL, 0, 100, false))))
        .containsExactly(6L);
    append(window, "z");
    assertThat(offsets(await(window.page(redis.tenant(), CHANNEL, 0, 100, false))))
        .containsExactly(7L);
  }

  @Test
  @DisplayName(
      "a stored stream whose window is lost starts again at the stored top, under the same epoch")
  void storedStreamSurvivesLoss() {
    HistoryWindow window = window(OPTIONS);
    String tenant = redis.tenant();
    String epoch = HistoryWindow.storedEpoch(tenant, CHANNEL);
    assertThat(await(window.storedTop(tenant, CHANNEL, 286)))
        .isEqualTo(new StreamPosition(286, epoch));
    assertThat(appendAt(window, 287, "next")).isEqualTo(new StreamPosition(287, epoch));

    redis.send(
        Command.DEL,
        HubKeys.key(tenant, "history", CHANNEL, "entries"),
        HubKeys.key(tenant, "history", CHANNEL, "meta"));
    assertThat(appendAt(window, 288, "after loss")).isEqualTo(new StreamPosition(288, epoch));
    Recovery recovery =
        await(window.storedSince(tenant, CHANNEL, new StreamPosition(286, epoch), 288));
    assertThat(recovery.recovered()).as("287 is no longer in the window").isFalse();
    assertThat(recovery.top()).isEqualTo(new StreamPosition(288, epoch));
    assertThat(await(window.storedTop(tenant, CHANNEL, 290)))
        .as("a stored top above the window's raises it")
        .isEqualTo(new StreamPosition(290, epoch));
  }

  @Test
  @DisplayName("a stored stream replaces a window of another epoch, and drops its entries")
  void storedStreamReplacesForeignEpoch() {
    HistoryWindow window = window(OPTIONS);
    String tenant = redis.tenant();
    StreamPosition foreign = append(window, "of a random epoch");
    String epoch = HistoryWindow.storedEpoch(tenant, CHANNEL);
    assertThat(foreign.epoch()).isNotEqualTo(epoch);

    assertThat(await(window.storedTop(tenant, CHANNEL, 4))).isEqualTo(new StreamPosition(4, epoch));
    assertThat(await(window.range(tenant, CHANNEL, 0, 10))).isEmpty();
    assertThat(HistoryWindow.storedEpoch(tenant, CHANNEL)).isEqualTo(epoch);
    assertThat(HistoryWindow.storedEpoch(tenant, "room:2")).isNotEqualTo(epoch);
  }

  @Test
  @DisplayName("expires after the ttl and starts again under a new epoch")
  void expiresToNewEpoch() throws InterruptedException {
    HistoryWindow window = window(new WindowOptions(10, BYTES, SHORT_TTL, 10));
    append(window, "a");
    StreamPosition before = append(window, "b");

    Thread.sleep(SHORT_TTL.toMillis() + 150);

    StreamPosition after = await(window.top(redis.tenant(), CHANNEL));
    assertThat(after.offset()).isZero();
    assertThat(after.epoch()).isNotBlank().isNotEqualTo(before.epoch());
    Recovery recovery = await(window.since(redis.tenant(), CHANNEL, before));
    assertThat(recovery.recovered()).isFalse();
    assertThat(recovery.entries()).isEmpty();
    assertThat(recovery.top()).isEqualTo(after);
    assertThat(append(window, "c")).isEqualTo(new StreamPosition(1, after.epoch()));
  }

  @Test
  @DisplayName("creates and keeps an epoch for a stream never written")
  void topOfNewStream() {
    HistoryWindow window = window(OPTIONS);
    StreamPosition top = await(window.top(redis.tenant(), CHANNEL));
    assertThat(top.offset()).isZero();
    assertThat(await(window.top(redis.tenant(), CHANNEL))).isEqualTo(top);
    assertThat(append(window, "a")).isEqualTo(new StreamPosition(1, top.epoch()));
  }

  @Test
  @DisplayName("recovers exactly what a client missed")
  void recoversExactly() {
    HistoryWindow window = window(OPTIONS);
    IntStream.rangeClosed(1, 5).forEach(i -> append(window, "m" + i));
    String epoch = await(window.top(redis.tenant(), CHANNEL)).epoch();

    Recovery recovery = await(window.since(redis.tenant(), CHANNEL, new StreamPosition(2, epoch)));

    assertThat(recovery.recovered()).isTrue();
    assertThat(recovery.top()).isEqualTo(new StreamPosition(5, epoch));
    assertThat(offsets(recovery.entries())).containsExactly(3L, 4L, 5L);
    assertThat(texts(recovery.entries())).containsExactly("m3", "m4", "m5");
  }

  @Test
  @DisplayName("recovers nothing, successfully, for a client already at the top")
  void recoversAtTop() {
    HistoryWindow window = window(OPTIONS);
    StreamPosition top = append(window, "a");
    Recovery recovery = await(window.since(redis.tenant(), CHANNEL, top));
    assertThat(recovery.recovered()).isTrue();
    assertThat(recovery.entries()).isEmpty();
    assertThat(recovery.top()).isEqualTo(top);
  }

  @Test
  @DisplayName("refuses to recover across epochs")
  void epochMismatch() {
    HistoryWindow window = window(OPTIONS);
    append(window, "a");
    StreamPosition top = append(window, "b");
    Recovery recovery =
        await(window.since(redis.tenant(), CHANNEL, new StreamPosition(1, "other-epoch")));
    assertThat(recovery.recovered()).isFalse();
    assertThat(recovery.entries()).isEmpty();
    assertThat(recovery.top()).isEqualTo(top);
  }

  @Test
  @DisplayName("refuses to recover from a position older than the window")
  void olderThanWindow() {
    HistoryWindow window = window(new WindowOptions(3, BYTES, Duration.ofMinutes(1), 100));
    IntStream.rangeClosed(1, 6).forEach(i -> append(window, "m" + i));
    StreamPosition top = await(window.top(redis.tenant(), CHANNEL));
    Recovery recovery =
        await(window.since(redis.tenant(), CHANNEL, new StreamPosition(1, top.epoch())));
    assertThat(recovery.recovered()).isFalse();
    assertThat(recovery.entries()).isEmpty();
    assertThat(
            await(window.since(redis.tenant(), CHANNEL, new StreamPosition(3, top.epoch())))
                .entries())
        .extracting(WindowEntry::offset)
        .containsExactly(4L, 5L, 6L);
  }

  @Test
  @DisplayName("refuses to recover more than maxRecovered entries")
  void tooManyMissed() {
    HistoryWindow window = window(new WindowOptions(10, BYTES, Duration.ofMinutes(1), 2));
    IntStream.rangeClosed(1, 5).forEach(i -> append(window, "m" + i));
    String epoch = await(window.top(redis.tenant(), CHANNEL)).epoch();
    Recovery tooMany = await(window.since(redis.tenant(), CHANNEL, new StreamPosition(2, epoch)));
    assertThat(tooMany.recovered()).isFalse();
    assertThat(tooMany.entries()).isEmpty();
    Recovery enough = await(window.since(redis.tenant(), CHANNEL, new StreamPosition(3, epoch)));
    assertThat(enough.recovered()).isTrue();
    assertThat(offsets(enough.entries())).containsExactly(4L, 5L);
  }

  @Test
  @DisplayName("refuses to recover over a gap in the window, or from ahead of the top")
  void gapInWindow() {
    HistoryWindow window = window(OPTIONS);
    appendAt(window, 1, "a");
    appendAt(window, 2, "b");
    StreamPosition top = appendAt(window, 4, "d");
    Recovery overGap =
        await(window.since(redis.tenant(), CHANNEL, new StreamPosition(1, top.epoch())));
    assertThat(overGap.recovered()).isFalse();
    assertThat(overGap.entries()).isEmpty();
    Recovery ahead =
        await(window.since(redis.tenant(), CHANNEL, new StreamPosition(9, top.epoch())));
    assertThat(ahead.recovered()).isFalse();

    appendAt(window, 3, "c");
    Recovery filled =
        await(window.since(redis.tenant(), CHANNEL, new StreamPosition(1, top.epoch())));
    assertThat(filled.recovered()).isTrue();
    assertThat(texts(filled.entries())).containsExactly("b", "c", "d");
  }

  @Test
  @DisplayName("returns binary payloads byte for byte, identical ones included")
  void binaryPayload() {
    HistoryWindow window = window(OPTIONS);
    byte[] bytes = {0x00, (byte) 0xFF, ':', 0x0A, 0x00, (byte) 0x80, (byte) 0xFE, '"', '\\'};
    StreamPosition first = await(window.append(redis.tenant(), CHANNEL, Buffer.buffer(bytes)));
    await(window.append(redis.tenant(), CHANNEL, Buffer.buffer(bytes)));

    List<WindowEntry> entries = await(window.range(redis.tenant(), CHANNEL, 1, 2));
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).payload().getBytes()).containsExactly(bytes);
    assertThat(entries.get(1).payload().getBytes()).containsExactly(bytes);
    Recovery recovery =
        await(window.since(redis.tenant(), CHANNEL, new StreamPosition(0, first.epoch())));
    assertThat(recovery.recovered()).isTrue();
    assertThat(recovery.entries().get(1).payload().getBytes()).containsExactly(bytes);
  }

  @Test
  @DisplayName("pages forwards from an offset and backwards from the newest")
  void pages() {
    HistoryWindow window = window(OPTIONS);
    IntStream.rangeClosed(1, 6).forEach(i -> append(window, "m" + i));
    String tenant = redis.tenant();

    assertThat(offsets(await(window.page(tenant, CHANNEL, 0, 2, false)))).containsExactly(1L, 2L);
    assertThat(offsets(await(window.page(tenant, CHANNEL, 2, 3, false))))
        .containsExactly(3L, 4L, 5L);
    assertThat(offsets(await(window.page(tenant, CHANNEL, 0, 2, true)))).containsExactly(6L, 5L);
    assertThat(offsets(await(window.page(tenant, CHANNEL, 4, 10, true)))).containsExactly(6L, 5L);
    assertThat(await(window.page(tenant, CHANNEL, 6, 10, false))).isEmpty();
    assertThat(offsets(await(window.range(tenant, CHANNEL, 2, 4)))).containsExactly(2L, 3L, 4L);
    assertThat(await(window.range(tenant, "never-written", 1, 4))).isEmpty();
  }

  @Test
  @DisplayName("gives 50 parallel appends the offsets 1 to 50, each once")
  void parallelAppends() {
    HistoryWindow window = window(new WindowOptions(100, BYTES, Duration.ofMinutes(1), 100));
    List<Future<StreamPosition>> appends = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      appends.add(window.append(redis.tenant(), CHANNEL, Buffer.buffer("same")));
    }
    await(Future.all(appends));

    List<Long> assigned = appends.stream().map(f -> f.result().offset()).sorted().toList();
    assertThat(assigned)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 50).mapToObj(i -> (long) i).toList());
    assertThat(appends.stream().map(f -> f.result().epoch()).distinct()).hasSize(1);
    assertThat(offsets(await(window.range(redis.tenant(), CHANNEL, 1, 50)))).hasSize(50);
  }
}
