package io.switchboard.hub.fanout;

import io.switchboard.hub.HubMetrics;
import io.switchboard.hub.broker.Broker;
import io.switchboard.hub.channel.Subscription;
import io.switchboard.hub.history.StreamPosition;
import io.switchboard.hub.history.WindowEntry;
import io.switchboard.hub.protocol.DisconnectCode;
import io.switchboard.protos.hub.v1.Delivery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels with subscribers on one event loop. It listens on the bus address of each of them
 * while it has subscribers there ({@link ChannelBus}), so it receives only what it gives out, and
 * hands deliveries to the channel's subscriptions in offset order: two nodes publishing into one
 * conversation can reach this loop out of order, so a later offset waits briefly for the earlier
 * one, which is then read from the recovery window if the bus did not bring it; if even the window
 * lacks it, the channel's clients are told to reconnect and recover ({@link
 * DisconnectCode#INSUFFICIENT_STATE}). Until a subscriber has read where the stream stands ({@link
 * #knownTop}) nothing stored is handed out: the first offset to arrive need not be the next one. A
 * publication of another epoch than the one the channel is at starts the order over from its
 * offset: the stream itself started over after its window was lost, and each subscription decides
 * what that means for its client.
 */
public final class LocalChannels {

  private static final Logger LOG = LoggerFactory.getLogger(LocalChannels.class);

  /** Deliveries one event loop may have waiting before the bus discards more. */
  static final int MAX_BUFFERED_DELIVERIES = 1_000_000;

  private final Vertx vertx;
  private final Broker broker;
  private final HubMetrics metrics;
  private final Clock clock;
  private final long gapWaitMs;
  private final Map<String, Channel> channels = new HashMap<>();

  public LocalChannels(
      Vertx vertx, Broker broker, HubMetrics metrics, Clock clock, long gapWaitMs) {
    this.vertx = vertx;
    this.broker = broker;
    this.metrics = metrics;
    this.clock = clock;
    this.gapWaitMs = gapWaitMs;
  }

  /**
   * Adds a subscription; it holds deliveries until activated. The first subscription of a channel
   * starts listening on the channel's address.
   */
  public void add(Subscription subscription) {
    String key = Deliveries.key(subscription.tenant(), subscription.channel().wire());
    channels
        .computeIfAbsent(
            key, k -> new Channel(subscription.tenant(), subscription.channel().wire()))
        .subscriptions
        .add(subscription);
  }

  /**
   * Completes once this loop listens on the address of {@code subscription}'s channel everywhere in
   * the cluster: from then on nothing published into the channel passes it by, so the subscriber
   * may read where the stream stands.
   */
  public Future<Void> listening(Subscription subscription) {
    Channel channel =
        channels.get(Deliveries.key(subscription.tenant(), subscription.channel().wire()));
    return channel == null ? Future.succeededFuture() : channel.consumer.completion();
  }

  /** Removes a subscription; the channel, and its address here, go when its last one does. */
  public void remove(Subscription subscription) {
    String key = Deliveries.key(subscription.tenant(), subscription.channel().wire());
    Channel channel = channels.get(key);
    if (channel != null && channel.subscriptions.remove(subscription)) {
      if (channel.subscriptions.isEmpty()) {
        channel.close();
        channels.remove(key);
      }
    }
  }

  /**
   * Sets where the channel's stream stands, {@code top} as a subscriber just read it from the
   * broker, if this loop does not know yet: what arrived since the channel's address was listened
   * on is then handed out past it, in order.
   */
  public void knownTop(String tenant, String channelName, StreamPosition top) {
    Channel channel = channels.get(Deliveries.key(tenant, channelName));
    if (channel != null && channel.last == Channel.UNKNOWN) {
      channel.known(top.offset(), top.epoch());
    }
  }

  /** Channels with at least one subscriber here. */
  public int size() {
    return channels.size();
  }

  /** Stops taking deliveries. */
  public void close() {
    channels.values().forEach(Channel::close);
    channels.clear();
  }

  /** One channel's subscribers here and the order of its stream. */
  private final class Channel {
    final String tenant;
    final String name;
    final Set<Subscription> subscriptions = new LinkedHashSet<>();
    final TreeMap<Long, Delivery> waiting = new TreeMap<>();

    /** {@link #last} before this loop knows where the stream stands. */
    static final long UNKNOWN = -1;

    /**
     * Highest offset handed out here; {@link #UNKNOWN} until a subscriber read the stream's top,
     * and stored deliveries wait in {@link #waiting} meanwhile. 0 is a known, empty stream: offset
     * 2 arriving first then waits for 1.
     */
    long last = UNKNOWN;

    /** The epoch {@link #last} belongs to; empty while unknown. */
    String epoch = "";

    long gapTimer = -1;

    final MessageConsumer<Buffer> consumer;

    Channel(String tenant, String name) {
      this.tenant = tenant;
      this.name = name;
      // A burst (thousands of joins at once) must wait in the queue rather than be thrown away
      // past Vert.x's default of 1,000 buffered messages; the publish limits bound how large it
      // gets.
      this.consumer =
          vertx
              .eventBus()
              .consumer(
                  new MessageConsumerOptions()
                      .setAddress(ChannelBus.address(tenant, name))
                      .setMaxBufferedMessages(MAX_BUFFERED_DELIVERIES),
                  this::onDelivery);
    }

    void onDelivery(Message<Buffer> message) {
      Delivery delivery = Deliveries.parse(message.body());
      if (delivery == null) {
        metrics.badDelivery();
        return;
      }
      receive(delivery);
    }

    void receive(Delivery delivery) {
      long offset = Deliveries.offset(delivery);
      if (offset == 0) {
        handOut(delivery);
        return;
      }
      String deliveryEpoch = delivery.getEpoch();
      if (!deliveryEpoch.isEmpty() && !deliveryEpoch.equals(epoch)) {
        boolean startsOver = !epoch.isEmpty() && last != UNKNOWN;
        if (!epoch.isEmpty()) {
          restart();
        }
        epoch = deliveryEpoch;
        if (startsOver) {
          // Nobody here read the new stream's top: its order starts from this publication.
          last = offset - 1;
        }
      }
      if (last == UNKNOWN) {
        // Whether this is the next offset only a subscriber's read of the top can tell: one
        // published just before it may still be on its way from another node.
        waiting.put(offset, delivery);
        return;
      }
      if (offset <= last) {
        return;
      }
      if (offset == last + 1) {
        last = offset;
        handOut(delivery);
        drain();
        return;
      }
      waiting.put(offset, delivery);
      if (gapTimer < 0) {
        gapTimer = vertx.setTimer(gapWaitMs, id -> fillGap());
      }
    }

    /** The stream stands at {@code offset} of {@code epoch}: what waited past it goes out. */
    void known(long offset, String readEpoch) {
      last = offset;
      if (!readEpoch.isEmpty() && !readEpoch.equals(epoch)) {
        // What waited belongs to another incarnation of the stream than the one read; the next
        // publication of a newer one starts the order over and closes the stale subscriptions.
        waiting.values().removeIf(d -> !d.getEpoch().isEmpty() && !d.getEpoch().equals(readEpoch));
        epoch = readEpoch;
      }
      drain();
      if (!waiting.isEmpty() && gapTimer < 0) {
        gapTimer = vertx.setTimer(gapWaitMs, id -> fillGap());
      }
    }

    void drain() {
      while (!waiting.isEmpty() && waiting.firstKey() <= last + 1) {
        Map.Entry<Long, Delivery> next = waiting.pollFirstEntry();
        if (next.getKey() == last + 1) {
          last = next.getKey();
          handOut(next.getValue());
        }
      }
      if (waiting.isEmpty() && gapTimer >= 0) {
        vertx.cancelTimer(gapTimer);
        gapTimer = -1;
      }
    }

    /** Forgets the order of a stream that started over; what waited belonged to the old one. */
    void restart() {
      last = UNKNOWN;
      waiting.clear();
      stopGapTimer();
    }

    void fillGap() {
      gapTimer = -1;
      if (waiting.isEmpty()) {
        return;
      }
      long from = last + 1;
      long to = waiting.firstKey() - 1;
      metrics.gap();
      broker
          .range(tenant, name, from, to)
          .onComplete(
              found -> {
                if (found.succeeded()) {
                  for (WindowEntry entry : found.result()) {
                    Delivery missing = Deliveries.fromWindow(entry);
                    if (missing != null && entry.offset() > last) {
                      waiting.putIfAbsent(entry.offset(), missing);
                    }
                  }
                }
                drain();
                if (!waiting.isEmpty() && waiting.firstKey() > last + 1) {
                  giveUp();
                }
              });
    }

    /** The stream has a hole nobody can fill live: its clients reconnect and recover. */
    void giveUp() {
      last = waiting.lastKey();
      waiting.clear();
      List<Subscription> affected = new ArrayList<>(subscriptions);
      affected.forEach(s -> s.owner().disconnect(DisconnectCode.INSUFFICIENT_STATE));
    }

    void handOut(Delivery delivery) {
      EncodedPush push = new EncodedPush(delivery.getPush());
      for (Subscription subscription : List.copyOf(subscriptions)) {
        try {
          subscription.offer(delivery, push);
        } catch (RuntimeException e) {
          // One connection failing to take a push must not cost the channel's other subscribers
          // the publication: the channel has already moved past its offset.
          LOG.warn("a push on {} to one subscriber failed", name, e);
        }
      }
      long publishedAt = delivery.getPublishedAtMs();
      metrics.handedOut(publishedAt > 0 ? clock.millis() - publishedAt : -1);
    }

    void stopGapTimer() {
      if (gapTimer >= 0) {
        vertx.cancelTimer(gapTimer);
        gapTimer = -1;
      }
    }

    /** Stops listening on the channel's address: this loop has nobody left to give it to. */
    void close() {
      stopGapTimer();
      consumer.unregister();
    }
  }
}
