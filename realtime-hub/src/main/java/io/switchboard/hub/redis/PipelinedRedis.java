package io.switchboard.hub.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * One Redis connection that every {@link #send} shares, pipelined: requests are written back to
 * back and Redis answers them in order. The pooled client's {@code send} instead holds a connection
 * for each request's whole round trip, so no more than its pool size are ever in flight, and under
 * load, when a reply waits for a busy event loop, that caps the node's rate at pool size ÷ round
 * trip. On one connection a node's requests also reach Redis, and their replies the node, in the
 * order they were sent.
 *
 * <p>The connection comes from {@code pool} on first use and is replaced on the next send once it
 * ends or fails (Redis restarted, say); requests in flight on it fail, as they would on a pooled
 * one. {@link #connect} and {@link #batch} go to the pool. Closing gives the shared connection back
 * to the pool; the pool's owner closes the pool.
 */
public final class PipelinedRedis implements Redis {

  private final Redis pool;
  private Future<RedisConnection> connection;

  public PipelinedRedis(Redis pool) {
    this.pool = pool;
  }

  /**
   * Sends on the shared connection. The answer completes on the caller's context, as the pooled
   * client's does: the connection's own futures belong to the context that opened it, and callers
   * on other event loops must not continue there.
   */
  @Override
  public Future<Response> send(Request request) {
    Context caller = Vertx.currentContext();
    Future<RedisConnection> shared = connection();
    Future<Response> sent =
        shared.succeeded()
            ? shared.result().send(request)
            : shared.compose(opened -> opened.send(request));
    if (caller == null) {
      return sent;
    }
    Promise<Response> answer = ((ContextInternal) caller).promise();
    sent.onComplete(answer);
    return answer.future();
  }

  @Override
  public Future<RedisConnection> connect() {
    return pool.connect();
  }

  @Override
  public Future<List<Response>> batch(List<Request> requests) {
    return pool.batch(requests);
  }

  @Override
  public Future<Void> close() {
    Future<RedisConnection> current;
    synchronized (this) {
      current = connection;
      connection = null;
    }
    return current == null
        ? Future.succeededFuture()
        : current.transform(
            opened -> opened.succeeded() ? opened.result().close() : Future.succeededFuture());
  }

  private synchronized Future<RedisConnection> connection() {
    if (connection == null) {
      Future<RedisConnection> opening = pool.connect();
      connection = opening;
      opening.onComplete(
          opened -> {
            if (opened.failed()) {
              forget(opening);
              return;
            }
            opened.result().exceptionHandler(failure -> forget(opening));
            opened.result().endHandler(ended -> forget(opening));
          });
    }
    return connection;
  }

  private synchronized void forget(Future<RedisConnection> which) {
    if (connection == which) {
      connection = null;
    }
  }
}
