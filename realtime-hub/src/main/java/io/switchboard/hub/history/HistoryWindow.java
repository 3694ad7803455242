package io.switchboard.hub.history;

import io.switchboard.hub.redis.HubKeys;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The newest publications of each channel kept in Redis, with the channel's top offset and epoch,
 * so that a reconnecting client can recover what it missed from any node.
 *
 * <p>Two kinds of stream live here. A <em>stored</em> stream (a conversation) takes its offsets
 * from PostgreSQL, which keeps every message: its window is only a cache, its epoch is a function
 * of its name ({@link #storedEpoch}) and never changes, and a lost window is rebuilt at the stored
 * top that the caller passes as {@code floor}. Any other stream exists only here: its offsets are
 * assigned by the window, and when the window is lost (expiry, a Redis restart) the stream starts
 * again at offset 1 under a new random epoch.
 *
 * <p>Keys: {@code hub:{tenant}:history:<channel>:entries} (ZSET) and {@code
 * hub:{tenant}:history:<channel>:meta} (HASH {@code top}, {@code epoch}, {@code bytes}); both
 * expire {@code ttl} after the last append.
 */
public final class HistoryWindow {

  /**
   * Random bytes in a new epoch: 48 bits make a reused epoch after expiry practically impossible.
   */
  private static final int EPOCH_BYTES = 6;

  private static final byte MEMBER_SEPARATOR = ':';

  private static final String FIXED = "1";
  private static final String NOT_FIXED = "0";

  private final Redis redis;
  private final WindowOptions options;

  public HistoryWindow(Redis redis, WindowOptions options) {
    this.redis = redis;
    this.options = options;
  }

  /**
   * The epoch of a stored stream: the same on every node and after any loss of the window, because
   * the offsets it names are kept in PostgreSQL.
   */
  public static String storedEpoch(String tenant, String channel) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((tenant + '\n' + channel).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, EPOCH_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * Appends with the next offset of a window-only stream (offset = top+1 assigned atomically in the
   * script); returns the new top. Creates the epoch when the stream is new or expired.
   */
  public Future<StreamPosition> append(String tenant, String channel, Buffer payload) {
    return runAppend(tenant, channel, ephemeral(), 0, payload).map(HistoryWindow::position);
  }

  /**
   * Appends to a stored stream at an offset assigned in PostgreSQL; appends may arrive out of
   * order; top = max(top, offset); re-appending an offset already in the window is a no-op, told by
   * {@link WindowAppend#added()}.
   */
  public Future<WindowAppend> appendAt(String tenant, String channel, long offset, Buffer payload) {
    if (offset < 1) {
      return Future.failedFuture(
          new IllegalArgumentException("offset must be at least 1, was " + offset));
    }
    return runAppend(tenant, channel, stored(tenant, channel, 0), offset, payload)
        .map(reply -> new WindowAppend(position(reply), reply.get(2).toInteger() == 1));
  }

  /**
   * Current top of a window-only stream: offset 0 and a fresh epoch when the stream has never been
   * written or expired (the epoch is then created and kept so later appends use it).
   */
  public Future<StreamPosition> top(String tenant, String channel) {
    return runTop(tenant, channel, ephemeral());
  }

  /**
   * Current top of a stored stream whose newest stored offset is at least {@code floor}; a lost
   * window starts again at {@code floor}.
   */
  public Future<StreamPosition> storedTop(String tenant, String channel, long floor) {
    return runTop(tenant, channel, stored(tenant, channel, floor));
  }

  /**
   * Entries of a window-only stream after {@code since.offset()}: recovered only when the epoch
   * matches, every offset in (since, top] is in the window and there are at most {@code
   * maxRecovered} of them; otherwise not recovered and no entries.
   */
  public Future<Recovery> since(String tenant, String channel, StreamPosition since) {
    return runSince(tenant, channel, ephemeral(), since);
  }

  /**
   * As {@link #since} for a stored stream whose newest stored offset is at least {@code floor}; not
   * recovered here may still be recoverable from PostgreSQL when the epoch matches.
   */
  public Future<Recovery> storedSince(
      String tenant, String channel, StreamPosition since, long floor) {
    return runSince(tenant, channel, stored(tenant, channel, floor), since);
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

  /** The arguments every script starts with: the epoch, whether it is fixed, and the floor. */
  private record Stream(String epoch, String fixed, long floor) {}

  private static Stream ephemeral() {
    return new Stream(newEpoch(), NOT_FIXED, 0);
  }

  private static Stream stored(String tenant, String channel, long floor) {
    return new Stream(storedEpoch(tenant, channel), FIXED, Math.max(0, floor));
  }

  private Future<StreamPosition> runTop(String tenant, String channel, Stream stream) {
    return HistoryScripts.TOP
        .run(
            redis,
            keys(tenant, channel),
            ttlMillis(),
            stream.epoch(),
            stream.fixed(),
            stream.floor())
        .map(HistoryWindow::position);
  }

  private Future<Recovery> runSince(
      String tenant, String channel, Stream stream, StreamPosition since) {
    return HistoryScripts.SINCE
        .run(
            redis,
            keys(tenant, channel),
            ttlMillis(),
            stream.epoch(),
            stream.fixed(),
            stream.floor(),
            since.offset(),
            since.epoch(),
            options.maxRecovered())
        .map(HistoryWindow::recovery);
  }

  private Future<Response> runAppend(
      String tenant, String channel, Stream stream, long offset, Buffer payload) {
    return HistoryScripts.APPEND.run(
        redis,
        keys(tenant, channel),
        ttlMillis(),
        stream.epoch(),
        stream.fixed(),
        stream.floor(),
        offset,
        payload,
        options.size(),
        options.maxBytes());
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
