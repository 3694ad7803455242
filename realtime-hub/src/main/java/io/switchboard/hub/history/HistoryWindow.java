package io.switchboard.hub.history;

import io.switchboard.hub.redis.HubKeys;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The newest publications of each channel kept in Redis, with the channel's top offset and epoch,
 * so that a reconnecting client can recover what it missed from any node.
 *
 * <p>Keys: {@code hub:{tenant}:history:<channel>:entries} (ZSET) and {@code
 * hub:{tenant}:history:<channel>:meta} (HASH {@code top}, {@code epoch}); both expire {@code ttl}
 * after the last append.
 */
public final class HistoryWindow {

  /**
   * Random bytes in a new epoch: 48 bits make a reused epoch after expiry practically impossible.
   */
  private static final int EPOCH_BYTES = 6;

  private static final byte MEMBER_SEPARATOR = ':';

  private final Redis redis;
  private final WindowOptions options;

  public HistoryWindow(Redis redis, WindowOptions options) {
    this.redis = redis;
    this.options = options;
  }

  /**
   * Appends with the next offset of the channel (offset = top+1 assigned atomically in the script);
   * returns the new top. Creates the epoch when the stream is new or expired.
   */
  public Future<StreamPosition> append(String tenant, String channel, Buffer payload) {
    return runAppend(tenant, channel, 0, payload);
  }

  /**
   * Appends at an offset assigned elsewhere (chat messages take their per-conversation offset from
   * PostgreSQL); appends may arrive out of order; top = max(top, offset); re-appending an offset
   * already in the window is a no-op.
   */
  public Future<StreamPosition> appendAt(
      String tenant, String channel, long offset, Buffer payload) {
    if (offset < 1) {
      return Future.failedFuture(
          new IllegalArgumentException("offset must be at least 1, was " + offset));
    }
    return runAppend(tenant, channel, offset, payload);
  }

  /**
   * Current top: offset 0 and a fresh epoch when the stream has never been written or expired (the
   * epoch is then created and kept so later appends use it).
   */
  public Future<StreamPosition> top(String tenant, String channel) {
    return HistoryScripts.TOP
        .run(redis, keys(tenant, channel), ttlMillis(), newEpoch())
        .map(HistoryWindow::position);
  }

  /**
   * Entries after {@code since.offset()}: recovered only when the epoch matches, every offset in
   * (since, top] is in the window and there are at most {@code maxRecovered} of them; otherwise not
   * recovered and no entries.
   */
  public Future<Recovery> since(String tenant, String channel, StreamPosition since) {
    return HistoryScripts.SINCE
        .run(
            redis,
            keys(tenant, channel),
            ttlMillis(),
            newEpoch(),
            since.offset(),
            since.epoch(),
            options.maxRecovered())
        .map(HistoryWindow::recovery);
  }

  /**
   * Up to {@code limit} entries with offsets above {@code fromOffset} (0 = from the oldest), oldest
   * first; with {@code reverse} the newest {@code limit} of them, newest first.
   */
  public Future<List<WindowEntry>> page(
      String tenant, String channel, long fromOffset, int limit, boolean reverse) {
    if (limit < 1) {
      return Future.succeededFuture(List.of());
    }
    String key = entriesKey(tenant, channel);
    String lower = "(" + fromOffset;
    Request request =
        reverse
            ? Request.cmd(Command.ZREVRANGEBYSCORE).arg(key).arg("+inf").arg(lower)
            : Request.cmd(Command.ZRANGEBYSCORE).arg(key).arg(lower).arg("+inf");
    request.arg("LIMIT").arg(0).arg(limit);
    return redis.send(request).map(response -> entries(response, 0));
  }

  /** Entries with offsets in [from, to], ascending (used to fill a gap seen in live delivery). */
  public Future<List<WindowEntry>> range(String tenant, String channel, long from, long to) {
    Request request =
        Request.cmd(Command.ZRANGEBYSCORE).arg(entriesKey(tenant, channel)).arg(from).arg(to);
    return redis.send(request).map(response -> entries(response, 0));
  }

  private Future<StreamPosition> runAppend(
      String tenant, String channel, long offset, Buffer payload) {
    return HistoryScripts.APPEND
        .run(redis, keys(tenant, channel), ttlMillis(), newEpoch(), offset, payload, options.size())
        .map(HistoryWindow::position);
  }

  private long ttlMillis() {
    return options.ttl().toMillis();
  }

  private static List<String> keys(String tenant, String channel) {
    return List.of(entriesKey(tenant, channel), HubKeys.key(tenant, "history", channel, "meta"));
  }

  private static String entriesKey(String tenant, String channel) {
    return HubKeys.key(tenant, "history", channel, "entries");
  }

  private static String newEpoch() {
    byte[] bytes = new byte[EPOCH_BYTES];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static StreamPosition position(Response reply) {
    return new StreamPosition(Long.parseLong(reply.get(0).toString()), reply.get(1).toString());
  }

  private static Recovery recovery(Response reply) {
    boolean recovered = reply.get(2).toInteger() == 1;
    return new Recovery(entries(reply, 3), position(reply), recovered);
  }

  private static List<WindowEntry> entries(Response members, int first) {
    List<WindowEntry> entries = new ArrayList<>(Math.max(0, members.size() - first));
    for (int i = first; i < members.size(); i++) {
      entries.add(entry(members.get(i).toBuffer()));
    }
    return entries;
  }

  // A member is "<offset>:<payload>"; the payload may itself contain ':' so only the first counts.
  private static WindowEntry entry(Buffer member) {
    int separator = 0;
    while (member.getByte(separator) != MEMBER_SEPARATOR) {
      separator++;
    }
    long offset = Long.parseLong(member.getString(0, separator));
    return new WindowEntry(offset, member.getBuffer(separator + 1, member.length()));
  }
}
