package io.switchboard.hub.broker;

import io.switchboard.hub.history.WindowOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends to channel windows, gathered per event loop and sent when the loop's turn ends: one
 * script call per tenant carries every append the turn asked for, in the order asked. A group
 * commit of forty messages then costs Redis one call for their conversations and one for their
 * inboxes instead of eighty, and the node one request and one reply.
 *
 * <p>A tenant's keys share a hash slot ({@code hub:{tenant}:...}), so one call stays on one node of
 * a Redis Cluster. An append asked for off an event loop (a test, a worker) is sent alone. When the
 * call fails, every append it carried fails, although those before the failing one may have been
 * kept: the window is a cache that readers check offset by offset, and a kept entry that nobody
 * delivered is read from it by whoever sees the gap.
 */
final class WindowAppends {

  /** Appends per script call: bounds the reply and the time Redis spends in one script. */
  static final int MAX_PER_CALL = 128;

  private final Redis redis;
  private final WindowOptions options;
  // One queue per event-loop thread; a thread only touches its own.
  private final Map<Thread, Turn> turns = new ConcurrentHashMap<>();

  WindowAppends(Redis redis, WindowOptions options) {
    this.redis = redis;
    this.options = options;
  }

  /** One append: the stream's keys and arguments as {@link BrokerScripts#APPEND} takes them. */
  record Append(
      String tenant,
      String entriesKey,
      String metaKey,
      String epoch,
      String fixed,
      long floor,
      long offset,
      Buffer payload) {}

  /** What the window did with one append. */
  record Appended(String top, String epoch, boolean added) {}

  /** Queues {@code append} for the end of this turn; the future completes with its own result. */
  Future<Appended> append(Append append) {
    Context context = Vertx.currentContext();
    if (context == null || !Context.isOnEventLoopThread()) {
      Promise<Appended> promise = Promise.promise();
      send(List.of(new Pending(append, promise)));
      return promise.future();
    }
    // Bound to the asker's context, so that what it does with the result runs on its own loop
    // whichever connection's loop the reply arrives on.
    Promise<Appended> promise = ((ContextInternal) context).promise();
    Turn turn = turns.computeIfAbsent(Thread.currentThread(), thread -> new Turn());
    if (turn.byTenant.isEmpty()) {
      context.runOnContext(endOfTurn -> flush(turn));
    }
    turn.byTenant
        .computeIfAbsent(append.tenant(), tenant -> new ArrayList<>())
        .add(new Pending(append, promise));
    return promise.future();
  }

  private record Pending(Append append, Promise<Appended> promise) {}

  /** The appends one event loop gathered this turn, per tenant in the order asked. */
  private static final class Turn {
    private Map<String, List<Pending>> byTenant = new LinkedHashMap<>();
  }

  private void flush(Turn turn) {
    Map<String, List<Pending>> gathered = turn.byTenant;
    turn.byTenant = new LinkedHashMap<>();
    for (List<Pending> tenant : gathered.values()) {
      // A tenant's calls go one after the other: the client's pool could otherwise run a later
      // call first, and window-only streams take their offsets in the order Redis runs them.
      Future<Void> previous = Future.succeededFuture();
      for (int from = 0; from < tenant.size(); from += MAX_PER_CALL) {
        List<Pending> call = tenant.subList(from, Math.min(tenant.size(), from + MAX_PER_CALL));
        previous = previous.transform(done -> send(call));
      }
    }
  }

  private Future<Void> send(List<Pending> appends) {
    List<String> keys = new ArrayList<>(appends.size() * 2);
    List<Object> args = new ArrayList<>(3 + appends.size() * 5);
    args.add(options.ttl().toMillis());
    args.add(options.size());
    args.add(options.maxBytes());
    for (Pending pending : appends) {
      Append append = pending.append();
      keys.add(append.entriesKey());
      keys.add(append.metaKey());
      args.add(append.epoch());
      args.add(append.fixed());
      args.add(append.floor());
      args.add(append.offset());
      args.add(append.payload());
    }
    return BrokerScripts.APPEND
        .run(redis, keys, args.toArray())
        .onSuccess(reply -> complete(appends, reply))
        .onFailure(failure -> appends.forEach(pending -> pending.promise().fail(failure)))
        .mapEmpty();
  }

  private static void complete(List<Pending> appends, Response reply) {
    for (int i = 0; i < appends.size(); i++) {
      int at = i * 3;
      appends
          .get(i)
          .promise()
          .complete(
              new Appended(
                  reply.get(at).toString(),
                  reply.get(at + 1).toString(),
                  reply.get(at + 2).toInteger() == 1));
    }
  }
}
