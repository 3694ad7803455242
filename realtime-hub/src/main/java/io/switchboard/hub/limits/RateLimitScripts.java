package io.switchboard.hub.limits;

import io.switchboard.hub.redis.LuaScript;

/** The Lua scripts of the rate limiter. */
public final class RateLimitScripts {

  private RateLimitScripts() {}

  /**
   * The Lua function {@code take_token(key, rate, burst, now, cost)} on the bucket HASH {@code key}
   * ({@code tokens}, {@code ts} ms): takes {@code cost} tokens (1 to take one, 0 to only look) when
   * the bucket has them, and returns taken (1/0) and the ms until a token is available. A clock
   * behind the stored {@code ts} refills nothing rather than going backwards. The key expires when
   * the bucket would be full again, since a full bucket equals no bucket. Scripts of other parts
   * (the broker's append) start with it to take a token in the same atomic step as their own work.
   */
  public static final String TAKE_TOKEN =
      """
      local function take_token(key, rate, burst, now, cost)
        local state = redis.call('HMGET', key, 'tokens', 'ts')
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
          redis.call('HSET', key, 'tokens', string.format('%.17g', tokens), 'ts', string.format('%d', ts))
          redis.call('PEXPIRE', key, refill)
        else
          redis.call('DEL', key)
        end
        return taken, wait
      end
      """;

  /**
   * KEYS: the bucket HASH. ARGV: tokens per second, burst, now ms, cost. Returns {taken (1/0), ms
   * until a token is available}; see {@link #TAKE_TOKEN}.
   */
  static final LuaScript TAKE =
      new LuaScript(
          TAKE_TOKEN
              + """
              local taken, wait = take_token(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]),
                tonumber(ARGV[3]), tonumber(ARGV[4]))
              return {taken, wait}
              """);

  /**
   * KEYS: several bucket HASHes. ARGV: now ms, then tokens per second and burst for each key in
   * turn. Takes one token from every bucket when each has one, and none otherwise. Returns the
   * 1-based index of the first bucket without a token, or 0 when all were taken. Refill and expiry
   * as in {@link #TAKE_TOKEN}.
   */
  static final LuaScript TAKE_ALL =
      new LuaScript(
          """
          local now = tonumber(ARGV[1])
          local tokens, ts = {}, {}
          for i = 1, #KEYS do
            local rate, burst = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
            local state = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
            tokens[i] = tonumber(state[1]) or burst
            ts[i] = tonumber(state[2]) or now
            if now > ts[i] then
              tokens[i] = math.min(burst, tokens[i] + (now - ts[i]) * rate / 1000)
              ts[i] = now
            end
            if tokens[i] < 1 then
              return i
            end
          end
          for i = 1, #KEYS do
            local rate, burst = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
            local left = tokens[i] - 1
            local refill = math.ceil((burst - left) * 1000 / rate)
            redis.call('HSET', KEYS[i], 'tokens', string.format('%.17g', left), 'ts', string.format('%d', ts[i]))
            redis.call('PEXPIRE', KEYS[i], refill)
          end
          return 0
          """);
}
