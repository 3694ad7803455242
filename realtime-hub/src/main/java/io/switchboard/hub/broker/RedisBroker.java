package io.switchboard.hub.broker;

import io.switchboard.hub.fanout.ChannelBus;
import io.switchboard.hub.fanout.Deliveries;
import io.switchboard.hub.history.Recovery;
import io.switchboard.hub.history.StreamPosition;
import io.switchboard.hub.history.WindowEntry;
import io.switchboard.hub.history.WindowOptions;
import io.switchboard.hub.limits.Bucket;
import io.switchboard.hub.limits.BucketEmpty;
import io.switchboard.hub.redis.HubKeys;
import io.switchboard.protos.hub.v1.Delivery;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker of a cluster: each channel's window in Redis, appended by Lua scripts that assign
 * offsets atomically, and deliveries on the clustered event bus. Two nodes publishing into one
 * channel may reach a third in the other order; {@code LocalChannels} puts them back in offset
 * order, reading what the bus did not bring from the window.
 *
 * <p>Keys: {@code hub:{tenant}:history:<channel>:entries} (ZSET) and {@code
 * hub:{tenant}:history:<channel>:meta} (HASH {@code top}, {@code epoch}, {@code bytes}); both
 * expire {@code ttl} after the last append.
 */
public final class RedisBroker implements Broker {

  private static final byte MEMBER_SEPARATOR = ':';

  private static final String FIXED = "1";
  private static final String NOT_FIXED = "0";

  private final Redis redis;
  private final WindowOptions options;
  private final ChannelBus bus;
  private final Clock clock;

  /** {@code clock} is the time quotas refill by, as the node's rate limiter has it. */
  public RedisBroker(Redis redis, WindowOptions options, ChannelBus bus, Clock clock) {
    this.redis = redis;
    this.options = options;
    this.bus = bus;
    this.clock = clock;
  }

  @Override
  public Future<StreamPosition> publish(Delivery delivery) {
    return publishWithin(delivery, null);
  }

  @Override
  public Future<StreamPosition> publish(Delivery delivery, Bucket quota) {
    return publishWithin(delivery, quota);
  }

  /** Appends at the next offset, within {@code quota} unless it is null, and delivers. */
  private Future<StreamPosition> publishWithin(Delivery delivery, Bucket quota) {
    return append(delivery, ephemeral(), 0, quota)
        .compose(
            reply ->
                reply.get(2).toInteger() == BrokerScripts.REFUSED
                    ? Future.failedFuture(new BucketEmpty(quota.name()))
                    : Future.succeededFuture(position(reply)))
        .onSuccess(top -> bus.send(delivery, top));
  }

  @Override
  public Future<Delivery> publishStored(Delivery delivery) {
    return publishStored(delivery, null);
  }

  @Override
  public Future<Delivery> publishStored(Delivery delivery, Delivery listing) {
    long offset = Deliveries.offset(delivery);
    if (offset < 1) {
      return Future.failedFuture(
          new IllegalArgumentException("offset must be at least 1, was " + offset));
    }
    String tenant = delivery.getTenant();
    if (listing != null && !listing.getTenant().equals(tenant)) {
      return Future.failedFuture(
          new IllegalArgumentException("a listing belongs to the stored delivery's tenant"));
    }
    Future<Response> appended =
        listing == null
            ? append(delivery, stored(tenant, delivery.getChannel(), 0), offset, null)
            : appendListed(delivery, offset, listing);
    return appended.map(
        reply -> {
          if (reply.get(2).toInteger() != 1) {
            return null;
          }
          Delivery sent = bus.send(delivery, new StreamPosition(offset, reply.get(1).toString()));
          if (listing != null) {
            bus.send(
                listing,
                new StreamPosition(
                    Long.parseLong(reply.get(3).toString()), reply.get(4).toString()));
          }
          return sent;
        });
  }

  @Override
  public void publishEphemeral(Delivery delivery) {
    bus.send(delivery);
  }

  @Override
  public Future<StreamPosition> top(String tenant, String channel) {
    return runTop(tenant, channel, ephemeral());
  }

  @Override
  public Future<StreamPosition> storedTop(String tenant, String channel, long floor) {
    return runTop(tenant, channel, stored(tenant, channel, floor));
  }

  @Override
  public Future<Recovery> since(String tenant, String channel, StreamPosition since) {
    return runSince(tenant, channel, ephemeral(), since);
  }

  @Override
  public Future<Recovery> storedSince(
      String tenant, String channel, StreamPosition since, long floor) {
    return runSince(tenant, channel, stored(tenant, channel, floor), since);
  }

  @Override
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

  @Override
  public Future<List<WindowEntry>> range(String tenant, String channel, long from, long to) {
    Request request =
        Request.cmd(Command.ZRANGEBYSCORE).arg(entriesKey(tenant, channel)).arg(from).arg(to);
    return redis.send(request).map(response -> entries(response, 0));
  }

  /** The arguments every script starts with: the epoch, whether it is fixed, and the floor. */
  private record Stream(String epoch, String fixed, long floor) {}

  private static Stream ephemeral() {
    return new Stream(Epochs.random(), NOT_FIXED, 0);
  }

  private static Stream stored(String tenant, String channel, long floor) {
    return new Stream(Epochs.stored(tenant, channel), FIXED, Math.max(0, floor));
  }

  private Future<StreamPosition> runTop(String tenant, String channel, Stream stream) {
    return BrokerScripts.TOP
        .run(
            redis,
            keys(tenant, channel),
            ttlMillis(),
            stream.epoch(),
            stream.fixed(),
            stream.floor())
        .map(RedisBroker::position);
  }

  private Future<Recovery> runSince(
      String tenant, String channel, Stream stream, StreamPosition since) {
    return BrokerScripts.SINCE
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
        .map(RedisBroker::recovery);
  }

  /** Runs APPEND, taking a token from {@code quota} first unless it is null. */
  private Future<Response> append(Delivery delivery, Stream stream, long offset, Bucket quota) {
    List<String> keys = new ArrayList<>(keys(delivery.getTenant(), delivery.getChannel()));
    List<Object> args = appendArguments(delivery, stream, offset);
    if (quota != null) {
      keys.add(quota.key(delivery.getTenant()));
      args.add(Double.toString(quota.rate().perSecond()));
      args.add(quota.rate().burst());
      args.add(clock.millis());
    }
    return BrokerScripts.APPEND.run(redis, keys, args.toArray());
  }

  /** Runs APPEND_LISTED: the stored {@code delivery} at {@code offset}, then {@code listing}. */
  private Future<Response> appendListed(Delivery delivery, long offset, Delivery listing) {
    String tenant = delivery.getTenant();
    List<String> keys = new ArrayList<>(keys(tenant, delivery.getChannel()));
    keys.addAll(keys(tenant, listing.getChannel()));
    List<Object> args = appendArguments(delivery, stored(tenant, delivery.getChannel(), 0), offset);
    args.add(Epochs.random());
    args.add(Buffer.buffer(listing.toByteArray()));
    return BrokerScripts.APPEND_LISTED.run(redis, keys, args.toArray());
  }

  private List<Object> appendArguments(Delivery delivery, Stream stream, long offset) {
    return new ArrayList<>(
        List.of(
            ttlMillis(),
            stream.epoch(),
            stream.fixed(),
            stream.floor(),
            offset,
            Buffer.buffer(delivery.toByteArray()),
            options.size(),
            options.maxBytes()));
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
