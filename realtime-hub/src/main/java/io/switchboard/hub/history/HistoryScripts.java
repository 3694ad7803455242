package io.switchboard.hub.history;

import io.switchboard.hub.redis.LuaScript;

/**
 * Every Lua script of the history window. KEYS[1] is the entries ZSET (score = offset, member =
 * {@code <offset>:<payload bytes>} so byte-identical payloads stay distinct), KEYS[2] the meta HASH
 * holding {@code top} and {@code epoch}. Offsets travel as decimal strings so that Lua's doubles
 * never round them.
 */
final class HistoryScripts {

  private HistoryScripts() {}

  // Creates the stream's meta with the caller's fresh epoch when it never existed or expired; stale
  // entries of an older epoch are dropped so they can never be served under the new one.
  private static final String ENSURE_STREAM =
      """
      local function ensure_stream(entries, meta, ttl, new_epoch)
        local epoch = redis.call('HGET', meta, 'epoch')
        if not epoch then
          epoch = new_epoch
          redis.call('DEL', entries)
          redis.call('HSET', meta, 'epoch', epoch, 'top', '0')
          redis.call('PEXPIRE', meta, ttl)
        end
        return epoch
      end
      """;

  /**
   * ARGV: ttl ms, new epoch, offset ('0' = assign top+1), payload, size. Returns {top, epoch}. An
   * offset already in the window is a no-op.
   */
  static final LuaScript APPEND =
      new LuaScript(
          ENSURE_STREAM
              + """
              local entries, meta = KEYS[1], KEYS[2]
              local epoch = ensure_stream(entries, meta, ARGV[1], ARGV[2])
              local offset = ARGV[3]
              if offset == '0' then
                offset = string.format('%d', redis.call('HINCRBY', meta, 'top', 1))
              else
                if redis.call('ZCOUNT', entries, offset, offset) > 0 then
                  return {redis.call('HGET', meta, 'top'), epoch}
                end
                if tonumber(offset) > tonumber(redis.call('HGET', meta, 'top')) then
                  redis.call('HSET', meta, 'top', offset)
                end
              end
              redis.call('ZADD', entries, offset, offset .. ':' .. ARGV[4])
              redis.call('ZREMRANGEBYRANK', entries, 0, -(tonumber(ARGV[5]) + 1))
              redis.call('PEXPIRE', entries, ARGV[1])
              redis.call('PEXPIRE', meta, ARGV[1])
              return {redis.call('HGET', meta, 'top'), epoch}
              """);

  /** ARGV: ttl ms, new epoch. Returns {top, epoch}. */
  static final LuaScript TOP =
      new LuaScript(
          ENSURE_STREAM
              + """
              local epoch = ensure_stream(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
              return {redis.call('HGET', KEYS[2], 'top'), epoch}
              """);

  /**
   * ARGV: ttl ms, new epoch, since offset, since epoch, max recovered. Returns {top, epoch,
   * recovered (1/0), members...}; members only when recovered.
   */
  static final LuaScript SINCE =
      new LuaScript(
          ENSURE_STREAM
              + """
              local epoch = ensure_stream(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
              local top = redis.call('HGET', KEYS[2], 'top')
              if epoch ~= ARGV[4] then
                return {top, epoch, 0}
              end
              local missed = tonumber(top) - tonumber(ARGV[3])
              if missed == 0 then
                return {top, epoch, 1}
              end
              if missed < 0 or missed > tonumber(ARGV[5]) then
                return {top, epoch, 0}
              end
              -- Offsets are unique integers, so as many members as missed offsets means none is lost.
              local found = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[3], top)
              if #found ~= missed then
                return {top, epoch, 0}
              end
              local reply = {top, epoch, 1}
              for i = 1, #found do
                reply[i + 3] = found[i]
              end
              return reply
              """);
}
