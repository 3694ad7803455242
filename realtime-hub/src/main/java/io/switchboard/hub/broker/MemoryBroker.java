package io.switchboard.hub.broker;

import io.switchboard.hub.fanout.ChannelBus;
import io.switchboard.hub.fanout.Deliveries;
import io.switchboard.hub.history.Recovery;
import io.switchboard.hub.history.StreamPosition;
import io.switchboard.hub.history.WindowEntry;
import io.switchboard.hub.history.WindowOptions;
import io.switchboard.hub.limits.Bucket;
import io.switchboard.hub.limits.BucketEmpty;
import io.switchboard.hub.limits.MemoryBuckets;
import io.switchboard.protos.hub.v1.Delivery;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The broker of a single process: each channel's window in memory, with the same rules as {@link
 * RedisBroker} (offsets, epochs, the bounds of the window, expiry). A publication is kept and sent
 * under one lock, so deliveries leave in offset order and no subscriber ever sees a gap to fill. It
 * cannot serve a cluster: another node would keep windows of its own.
 */
public final class MemoryBroker implements Broker {

  /** Expired streams are swept after this many calls, so idle ones do not stay forever. */
  private static final int SWEEP_EVERY = 4096;

  private final WindowOptions options;
  private final ChannelBus bus;
  private final Clock clock;
  private final Map<String, Stream> streams = new HashMap<>();
  private final MemoryBuckets buckets = new MemoryBuckets();
  private int callsSinceSweep;

  public MemoryBroker(WindowOptions options, ChannelBus bus, Clock clock) {
    this.options = options;
    this.bus = bus;
    this.clock = clock;
  }

  @Override
  public Future<StreamPosition> publish(Delivery delivery) {
    synchronized (this) {
      return Future.succeededFuture(append(delivery));
    }
  }

  @Override
  public Future<StreamPosition> publish(Delivery delivery, Bucket quota) {
    synchronized (this) {
      if (!buckets.take(delivery.getTenant(), quota, clock.millis())) {
        return Future.failedFuture(new BucketEmpty(quota.name()));
      }
      return Future.succeededFuture(append(delivery));
    }
  }

  // Kept and sent under the caller's lock, so that deliveries leave in offset order.
  private StreamPosition append(Delivery delivery) {
    Stream stream = live(delivery.getTenant(), delivery.getChannel(), Epochs.random(), false, 0);
    long offset = stream.top + 1;
    stream.top = offset;
    stream.keep(offset, delivery);
    StreamPosition kept = new StreamPosition(offset, stream.epoch);
    bus.send(delivery, kept);
    return kept;
  }

  @Override
  public Future<Delivery> publishStored(Delivery delivery) {
    long offset = Deliveries.offset(delivery);
    if (offset < 1) {
      return Future.failedFuture(
          new IllegalArgumentException("offset must be at least 1, was " + offset));
    }
    String tenant = delivery.getTenant();
    String channel = delivery.getChannel();
    synchronized (this) {
      Stream stream = live(tenant, channel, Epochs.stored(tenant, channel), true, 0);
      if (stream.entries.containsKey(offset)) {
        return Future.succeededFuture(null);
      }
      stream.top = Math.max(stream.top, offset);
      stream.keep(offset, delivery);
      return Future.succeededFuture(bus.send(delivery, new StreamPosition(offset, stream.epoch)));
    }
  }

  @Override
  public Future<Delivery> publishStored(Delivery delivery, Delivery listing) {
    if (!listing.getTenant().equals(delivery.getTenant())) {
      return Future.failedFuture(
          new IllegalArgumentException("a listing belongs to the stored delivery's tenant"));
    }
    synchronized (this) {
      Future<Delivery> kept = publishStored(delivery);
      if (kept.succeeded() && kept.result() != null) {
        append(listing);
      }
      return kept;
    }
  }

  @Override
  public void publishEphemeral(Delivery delivery) {
    bus.send(delivery);
  }

  @Override
  public synchronized Future<StreamPosition> top(String tenant, String channel) {
    return Future.succeededFuture(live(tenant, channel, Epochs.random(), false, 0).position());
  }

  @Override
  public synchronized Future<StreamPosition> storedTop(String tenant, String channel, long floor) {
    return Future.succeededFuture(
        live(tenant, channel, Epochs.stored(tenant, channel), true, floor).position());
  }

  @Override
  public synchronized Future<Recovery> since(String tenant, String channel, StreamPosition since) {
    return Future.succeededFuture(live(tenant, channel, Epochs.random(), false, 0).since(since));
  }

  @Override
  public synchronized Future<Recovery> storedSince(
      String tenant, String channel, StreamPosition since, long floor) {
    Stream stream = live(tenant, channel, Epochs.stored(tenant, channel), true, floor);
    return Future.succeededFuture(stream.since(since));
  }

  @Override
  public synchronized Future<List<WindowEntry>> page(
      String tenant, String channel, long fromOffset, int limit, boolean reverse) {
    Stream stream = existing(tenant, channel);
    if (stream == null || limit < 1) {
      return Future.succeededFuture(List.of());
    }
    NavigableMap<Long, Buffer> after = stream.entries.tailMap(fromOffset, false);
    return Future.succeededFuture(entries(reverse ? after.descendingMap() : after, limit));
  }

  @Override
  public synchronized Future<List<WindowEntry>> range(
      String tenant, String channel, long from, long to) {
    Stream stream = existing(tenant, channel);
    if (stream == null || from > to) {
      return Future.succeededFuture(List.of());
    }
    return Future.succeededFuture(
        entries(stream.entries.subMap(from, true, to, true), Integer.MAX_VALUE));
  }

  /**
   * The stream, made (again) when it never existed, expired, or holds another epoch than its fixed
   * one (a window of an older incarnation, whose entries must never be served under the new epoch).
   * A floor above the top raises it: the offsets up to there were assigned elsewhere.
   */
  private Stream live(String tenant, String channel, String epoch, boolean fixed, long floor) {
    sweepNowAndThen();
    String key = Deliveries.key(tenant, channel);
    Stream stream = existing(tenant, channel);
    if (stream == null || (fixed && !stream.epoch.equals(epoch))) {
      stream = new Stream(epoch, Math.max(0, floor), clock.millis() + ttlMillis());
      streams.put(key, stream);
      return stream;
    }
    stream.top = Math.max(stream.top, floor);
    return stream;
  }

  /** The stream if it is there and has not expired; null otherwise. */
  private Stream existing(String tenant, String channel) {
    Stream stream = streams.get(Deliveries.key(tenant, channel));
    return stream == null || stream.expired(clock.millis()) ? null : stream;
  }

  private void sweepNowAndThen() {
    if (++callsSinceSweep < SWEEP_EVERY) {
      return;
    }
    callsSinceSweep = 0;
    long now = clock.millis();
    streams.values().removeIf(stream -> stream.expired(now));
    buckets.sweep(now);
  }

  private long ttlMillis() {
    return options.ttl().toMillis();
  }

  private static List<WindowEntry> entries(Map<Long, Buffer> entries, int limit) {
    List<WindowEntry> list = new ArrayList<>(Math.min(limit, entries.size()));
    Iterator<Map.Entry<Long, Buffer>> each = entries.entrySet().iterator();
    while (each.hasNext() && list.size() < limit) {
      Map.Entry<Long, Buffer> entry = each.next();
      list.add(new WindowEntry(entry.getKey(), entry.getValue()));
    }
    return list;
  }

  /** One channel's stream: where it stands and the newest publications, oldest first. */
  private final class Stream {
    final String epoch;
    final TreeMap<Long, Buffer> entries = new TreeMap<>();
    long top;
    long bytes;
    long expiresAt;

    Stream(String epoch, long top, long expiresAt) {
      this.epoch = epoch;
      this.top = top;
      this.expiresAt = expiresAt;
    }

    boolean expired(long now) {
      return now >= expiresAt;
    }

    StreamPosition position() {
      return new StreamPosition(top, epoch);
    }

    /**
     * Keeps the delivery at {@code offset}; the oldest entries go when there are too many or they
     * hold too many bytes, counted as Redis counts its members, so both brokers keep the same.
     */
    void keep(long offset, Delivery delivery) {
      Buffer payload = Buffer.buffer(delivery.toByteArray());
      entries.put(offset, payload);
      bytes += size(offset, payload);
      while (entries.size() > 1
          && (entries.size() > options.size() || bytes > options.maxBytes())) {
        Map.Entry<Long, Buffer> oldest = entries.pollFirstEntry();
        bytes -= size(oldest.getKey(), oldest.getValue());
      }
      expiresAt = clock.millis() + ttlMillis();
    }

    Recovery since(StreamPosition since) {
      StreamPosition top = position();
      long missed = this.top - since.offset();
      if (!epoch.equals(since.epoch()) || missed < 0 || missed > options.maxRecovered()) {
        return new Recovery(List.of(), top, false);
      }
      List<WindowEntry> found = entries(entries.tailMap(since.offset(), false), Integer.MAX_VALUE);
      // Offsets are unique integers, so as many entries as missed offsets means none is lost.
      return found.size() == missed
          ? new Recovery(found, top, true)
          : new Recovery(List.of(), top, false);
    }
  }

  private static long size(long offset, Buffer payload) {
    return Long.toString(offset).length() + 1L + payload.length();
  }
}
