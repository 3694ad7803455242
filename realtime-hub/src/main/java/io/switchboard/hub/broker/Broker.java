package io.switchboard.hub.broker;

import io.switchboard.hub.history.Recovery;
import io.switchboard.hub.history.StreamPosition;
import io.switchboard.hub.history.WindowEntry;
import io.switchboard.hub.limits.Bucket;
import io.switchboard.hub.limits.BucketEmpty;
import io.switchboard.protos.hub.v1.Delivery;
import io.vertx.core.Future;
import java.util.List;

/**
 * Channel streams: publications kept in each channel's recovery window, with the channel's top
 * offset and epoch, and delivered to the channel's subscribers wherever they are connected. {@link
 * RedisBroker} serves a cluster, {@link MemoryBroker} one process.
 *
 * <p>Two kinds of stream live here. A <em>stored</em> stream (a conversation) takes its offsets
 * from PostgreSQL, which keeps every message: its window is only a cache, its epoch is a function
 * of its name ({@link #storedEpoch}) and never changes, and a lost window is rebuilt at the stored
 * top that the caller passes as {@code floor}. Any other stream exists only in the broker: its
 * offsets are assigned by the window, and when the window is lost (expiry, a restart) the stream
 * starts again at offset 1 under a new random epoch.
 *
 * <p>A window entry holds the delivery as it was published: its payload is the encoded {@link
 * Delivery}, read back with {@code Deliveries.fromWindow}.
 */
public interface Broker {

  /**
   * The epoch of a stored stream: the same on every node and after any loss of the window, because
   * the offsets it names are kept in PostgreSQL.
   */
  static String storedEpoch(String tenant, String channel) {
    return Epochs.stored(tenant, channel);
  }

  /**
   * Keeps {@code delivery} at the next offset of its window-only stream (assigned atomically with
   * the append) and delivers it with that offset and the stream's epoch; the future holds where it
   * was kept. Creates the epoch when the stream is new or expired.
   */
  Future<StreamPosition> publish(Delivery delivery);

  /**
   * As {@link #publish(Delivery)}, within the tenant's token bucket {@code quota}: one token is
   * taken from it in the same atomic step as the append. When the bucket has none, nothing is kept
   * or delivered and the future fails with {@link BucketEmpty}. One step where a separate rate
   * limiter would cost the store a second round trip per publication.
   */
  Future<StreamPosition> publish(Delivery delivery, Bucket quota);

  /**
   * Keeps {@code delivery}, whose publication carries an offset assigned in PostgreSQL, in its
   * stored stream and delivers it; appends may arrive out of order (top = max(top, offset)). The
   * future holds the delivery as delivered, or null when the window had that offset already:
   * whoever kept it first delivered it, so every node may offer the same stored message and it is
   * still delivered once.
   */
  Future<Delivery> publishStored(Delivery delivery);

  /**
   * As {@link #publishStored(Delivery)}, and in the same atomic step, when the stored delivery is
   * kept, keeps {@code listing} at the next offset of its window-only stream and delivers it after
   * the stored one: a stored message and its line in a list that follows it (its inbox's) in one
   * step instead of two. When the window had the stored offset already, neither is kept or
   * delivered and the future holds null. {@code listing} must be of the same tenant.
   */
  Future<Delivery> publishStored(Delivery delivery, Delivery listing);

  /** Delivers a push that is not kept: typing, receipts, join and leave. */
  void publishEphemeral(Delivery delivery);

  /**
   * Current top of a window-only stream: offset 0 and a fresh epoch when the stream has never been
   * written or expired (the epoch is then kept so later appends use it).
   */
  Future<StreamPosition> top(String tenant, String channel);

  /**
   * Current top of a stored stream whose newest stored offset is at least {@code floor}; a lost
   * window starts again at {@code floor}.
   */
  Future<StreamPosition> storedTop(String tenant, String channel, long floor);

  /**
   * Entries of a window-only stream after {@code since.offset()}: recovered only when the epoch
   * matches, every offset in (since, top] is in the window and there are at most {@code
   * maxRecovered} of them; otherwise not recovered and no entries.
   */
  Future<Recovery> since(String tenant, String channel, StreamPosition since);

  /**
   * As {@link #since} for a stored stream whose newest stored offset is at least {@code floor}; not
   * recovered here may still be recoverable from PostgreSQL when the epoch matches.
   */
  Future<Recovery> storedSince(String tenant, String channel, StreamPosition since, long floor);

  /**
   * Up to {@code limit} entries with offsets above {@code fromOffset} (0 = from the oldest), oldest
   * first; with {@code reverse} the newest {@code limit} of them, newest first.
   */
  Future<List<WindowEntry>> page(
      String tenant, String channel, long fromOffset, int limit, boolean reverse);

  /** Entries with offsets in [from, to], ascending (used to fill a gap seen in live delivery). */
  Future<List<WindowEntry>> range(String tenant, String channel, long from, long to);
}
