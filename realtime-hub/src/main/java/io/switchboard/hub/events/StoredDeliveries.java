package io.switchboard.hub.events;

import io.switchboard.platform.collect.BoundedMap;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How far this node's {@link TenantDataFeed} has handed each conversation's stored messages to
 * delivery, so that whoever stored a message can wait until it has been. A stored message is
 * committed before it is delivered, and it reaches subscribers from the outbox's notification; a
 * notice goes to the bus at once. Without this wait, a notice sent after a message's answer could
 * reach subscribers before the message.
 *
 * <p>Confined to the event loop of the verticle that owns the feed: every call comes from there.
 */
public final class StoredDeliveries {

  // Conversations whose highest delivered offset is remembered, most recently used kept: a
  // message's notification can arrive before its sender's answer, and must not be waited for
  // again then.
  private static final int CONVERSATIONS_KEPT = 10_000;

  private final Vertx vertx;
  private final long patienceMs;
  private final Map<String, Long> delivered = BoundedMap.leastRecentlyUsed(CONVERSATIONS_KEPT);
  private final Map<String, List<Waiter>> waiting = new HashMap<>();

  /**
   * @param patienceMs how long a wait lasts at most: the message is committed whatever happens, and
   *     a notification that never comes (the feed's node busy or cut off) must not hold its sender
   */
  public StoredDeliveries(Vertx vertx, long patienceMs) {
    this.vertx = vertx;
    this.patienceMs = patienceMs;
  }

  /**
   * Completes once the message at {@code offset} of {@code channel} has been handed to delivery on
   * this node (delivered from here, or found in the window, delivered by another node), or after
   * the patience has run out; never fails.
   */
  public Future<Void> handedOver(String tenant, String channel, long offset) {
    String key = key(tenant, channel);
    Long highest = delivered.get(key);
    if (highest != null && highest >= offset) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    Waiter waiter = new Waiter(offset, promise);
    waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(waiter);
    waiter.timer = vertx.setTimer(patienceMs, fired -> giveUp(key, waiter));
    return promise.future();
  }

  /** Tells the waits that the feed has handed the message at {@code offset} to delivery. */
  void delivered(String tenant, String channel, long offset) {
    String key = key(tenant, channel);
    delivered.merge(key, offset, Math::max);
    List<Waiter> waiters = waiting.get(key);
    if (waiters == null) {
      return;
    }
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (waiter.offset <= offset) {
        it.remove();
        vertx.cancelTimer(waiter.timer);
        waiter.promise.complete();
      }
    }
    if (waiters.isEmpty()) {
      waiting.remove(key);
    }
  }

  /** Waits not yet over, for the tests. */
  int waiting() {
    return waiting.values().stream().mapToInt(List::size).sum();
  }

  private void giveUp(String key, Waiter waiter) {
    List<Waiter> waiters = waiting.get(key);
    if (waiters != null && waiters.remove(waiter)) {
      if (waiters.isEmpty()) {
        waiting.remove(key);
      }
      waiter.promise.complete();
    }
  }

  private static String key(String tenant, String channel) {
    return tenant + '\n' + channel;
  }

  private static final class Waiter {
    final long offset;
    final Promise<Void> promise;
    long timer;

    Waiter(long offset, Promise<Void> promise) {
      this.offset = offset;
      this.promise = promise;
    }
  }
}
