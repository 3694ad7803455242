package io.switchboard.ai.budget;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;

/**
 * Each tenant's budget of the current minute in Redis, shared by every node: one HASH per tenant
 * and minute, {@code ai:{tenant}:budget:<epochMinute>} with fields {@code requests} and {@code
 * tokens}, expiring after the minute. Both limits are checked and taken in one script, so two nodes
 * never pass a limit between them.
 */
public final class RedisAiBudget implements AiBudget {

  /** How long a minute's window is kept: the minute and a margin for clocks that differ. */
  public static final int WINDOW_TTL_SECONDS = 120;

  // Refuses (0, which) when either limit would be passed, taking nothing; else takes both (1).
  private static final String TAKE =
      """
      local requests = tonumber(redis.call('HGET', KEYS[1], 'requests') or '0')
      local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens') or '0')
      if requests + 1 > tonumber(ARGV[1]) then return {0, 'requests'} end
      if tokens + tonumber(ARGV[3]) > tonumber(ARGV[2]) then return {0, 'tokens'} end
      redis.call('HINCRBY', KEYS[1], 'requests', 1)
      redis.call('HINCRBY', KEYS[1], 'tokens', ARGV[3])
      redis.call('EXPIRE', KEYS[1], ARGV[4])
      return {1, ''}
      """;

  private static final String CHARGE =
      """
      redis.call('HINCRBY', KEYS[1], 'tokens', ARGV[1])
      redis.call('EXPIRE', KEYS[1], ARGV[2])
      return 1
      """;

  private final Redis redis;
  private final Clock clock;

  public RedisAiBudget(Redis redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  /** The key of {@code tenant}'s window for {@code epochMinute}; one hash slot per tenant. */
  public static String key(String tenant, long epochMinute) {
    return "ai:{" + tenant + "}:budget:" + epochMinute;
  }

  @Override
  public Future<Void> take(String tenant, int tokens, int requestsPerMinute, int tokensPerMinute) {
    return eval(TAKE, tenant, requestsPerMinute, tokensPerMinute, tokens, WINDOW_TTL_SECONDS)
        .compose(
            reply -> {
              if (reply.get(0).toInteger() == 1) {
                return Future.succeededFuture();
              }
              return Future.failedFuture(
                  "requests".equals(reply.get(1).toString())
                      ? BudgetRefusal.requests(clock)
                      : BudgetRefusal.tokens(clock));
            });
  }

  @Override
  public Future<Void> charge(String tenant, int tokens) {
    return eval(CHARGE, tenant, tokens, WINDOW_TTL_SECONDS).mapEmpty();
  }

  private Future<Response> eval(String script, String tenant, long... args) {
    Request request =
        Request.cmd(Command.EVAL)
            .arg(script)
            .arg(1)
            .arg(key(tenant, BudgetRefusal.epochMinute(clock)));
    for (long arg : args) {
      request.arg(arg);
    }
    return redis.send(request);
  }
}
