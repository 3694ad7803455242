package io.switchboard.hub.limits;

import io.switchboard.hub.redis.LuaScript;

/** The Lua script of the rate limiter. */
final class RateLimitScripts {

  private RateLimitScripts() {}

  /**
   * KEYS: the bucket HASH ({@code tokens}, {@code ts} ms). ARGV: tokens per second, burst, now ms,
   * cost (1 to take a token, 0 to only look). Returns {taken (1/0), ms until a token is available}.
   * A clock behind the stored {@code ts} refills nothing rather than going backwards. The key
   * expires when the bucket would be full again, since a full bucket equals no bucket.
   */
  static final LuaScript TAKE =
      new LuaScript(
          """
          local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
          local now, cost = tonumber(ARGV[3]), tonumber(ARGV[4])
          local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
          local tokens = tonumber(state[1]) or burst
          local ts = tonumber(state[2]) or now
          if now > ts then
            tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
            ts = now
          end
          local taken = 0
          if cost > 0 and tokens >= cost then
            tokens = tokens - cost
            taken = 1
          end
          local wait = 0
          if tokens < 1 then
            wait = math.ceil((1 - tokens) * 1000 / rate)
          end
          local refill = math.ceil((burst - tokens) * 1000 / rate)
          if refill > 0 then
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%d', ts))
            redis.call('PEXPIRE', KEYS[1], refill)
          else
            redis.call('DEL', KEYS[1])
          end
          return {taken, wait}
          """);
}
