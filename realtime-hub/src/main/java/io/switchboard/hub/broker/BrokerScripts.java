package io.switchboard.hub.broker;

import io.switchboard.hub.limits.RateLimitScripts;
import io.switchboard.hub.redis.LuaScript;

/**
 * Every Lua script of the history window. KEYS[1] is the entries ZSET (score = offset, member =
 * {@code <offset>:<payload bytes>} so byte-identical payloads stay distinct), KEYS[2] the meta HASH
 * holding {@code top}, {@code epoch} and {@code bytes} (the members' total length). Offsets travel
 * as decimal strings so that Lua's doubles never round them.
 *
 * <p>Every script starts with the stream's ARGV: ttl ms, epoch, fixed ('1' when the epoch is the
 * stream's own, '0' when it is only the one to use if the stream is new) and floor (the offset the
 * stream has at least reached, '0' when nothing outside the window knows).
 */
final class BrokerScripts {

  private BrokerScripts() {}

  // Creates the stream's meta when it never existed or expired, or when a stream with a fixed epoch
  // holds another one (a window of an older incarnation): stale entries are dropped so that they
  // can
  // never be served under the new epoch. A floor above the top raises it: the offsets up to there
  // were assigned, even if their entries never reached this window.
  private static final String ENSURE_STREAM =
      """
      local function ensure_stream(entries, meta, ttl, epoch, fixed, floor)
        local current = redis.call('HGET', meta, 'epoch')
        if not current or (fixed == '1' and current ~= epoch) then
          redis.call('DEL', entries, meta)
          redis.call('HSET', meta, 'epoch', epoch, 'top', floor, 'bytes', '0')
          redis.call('PEXPIRE', meta, ttl)
          return epoch
        end
        if tonumber(floor) > tonumber(redis.call('HGET', meta, 'top')) then
          redis.call('HSET', meta, 'top', floor)
        end
        return current
      end
      """;

  // Keeps payload at offset ('0' = assign top+1) and trims the window to most entries and
  // most_bytes; returns {top, epoch, added (1/0)}. An offset already in the window is a no-op that
  // returns added 0. The oldest entries go first; the newest always stays.
  private static final String APPEND_ENTRY =
      """
      local function append_entry(entries, meta, ttl, epoch, fixed, floor, offset, payload,
          most, most_bytes)
        epoch = ensure_stream(entries, meta, ttl, epoch, fixed, floor)
        if offset == '0' then
          offset = string.format('%d', redis.call('HINCRBY', meta, 'top', 1))
        else
          if redis.call('ZCOUNT', entries, offset, offset) > 0 then
            return {redis.call('HGET', meta, 'top'), epoch, 0}
          end
          if tonumber(offset) > tonumber(redis.call('HGET', meta, 'top')) then
            redis.call('HSET', meta, 'top', offset)
          end
        end
        -- Entries lost without their meta (deleted by hand) must not leave their bytes counted.
        if redis.call('EXISTS', entries) == 0 then
          redis.call('HSET', meta, 'bytes', '0')
        end
        local member = offset .. ':' .. payload
        redis.call('ZADD', entries, offset, member)
        local bytes = redis.call('HINCRBY', meta, 'bytes', #member)
        local count = redis.call('ZCARD', entries)
        most, most_bytes = tonumber(most), tonumber(most_bytes)
        while count > 1 and (count > most or bytes > most_bytes) do
          local oldest = redis.call('ZPOPMIN', entries)
          bytes = redis.call('HINCRBY', meta, 'bytes', -#oldest[1])
          count = count - 1
        end
        redis.call('PEXPIRE', entries, ttl)
        redis.call('PEXPIRE', meta, ttl)
        return {redis.call('HGET', meta, 'top'), epoch, 1}
      end
      """;

  /** What APPEND answers in place of {@code added} when the quota's bucket had no token. */
  static final int REFUSED = -1;

  /**
   * ARGV: stream (4), offset ('0' = assign top+1), payload, most entries, most bytes. Returns {top,
   * epoch, added (1/0)}. An offset already in the window is a no-op that returns added 0, so that
   * of several nodes appending one stored message only the first goes on to deliver it. The oldest
   * entries go first when the window holds too many or too many bytes; the newest always stays.
   *
   * <p>With a third key, a token bucket (the publisher's quota), and ARGV 9 to 11 its tokens per
   * second, burst and now ms: a token is taken from it first, and when it has none nothing else
   * happens and the answer is {'0', '', -1}.
   */
  static final LuaScript APPEND =
      new LuaScript(
          ENSURE_STREAM
              + APPEND_ENTRY
              + RateLimitScripts.TAKE_TOKEN
              + """
              if #KEYS == 3 and take_token(KEYS[3], tonumber(ARGV[9]), tonumber(ARGV[10]),
                  tonumber(ARGV[11]), 1) == 0 then
                return {'0', '', -1}
              end
              return append_entry(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5],
                  ARGV[6], ARGV[7], ARGV[8])
              """);

  /**
   * A stored publication and its listing: KEYS 1 and 2 the stored stream's, 3 and 4 the listing's
   * window-only stream's. ARGV as APPEND's first eight for the stored one, then the epoch the
   * listing's stream takes if it is new, and the listing's payload. When the stored offset is new,
   * the listing is kept at the next offset of its stream: {top, epoch, 1, listing top, listing
   * epoch}; otherwise nothing is kept: {top, epoch, 0}.
   */
  static final LuaScript APPEND_LISTED =
      new LuaScript(
          ENSURE_STREAM
              + APPEND_ENTRY
              + """
              local kept = append_entry(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4],
                  ARGV[5], ARGV[6], ARGV[7], ARGV[8])
              if kept[3] == 0 then
                return kept
              end
              local listed = append_entry(KEYS[3], KEYS[4], ARGV[1], ARGV[9], '0', '0', '0',
                  ARGV[10], ARGV[7], ARGV[8])
              return {kept[1], kept[2], 1, listed[1], listed[2]}
              """);

  /** ARGV: stream (4). Returns {top, epoch}. */
  static final LuaScript TOP =
      new LuaScript(
          ENSURE_STREAM
              + """
              local epoch = ensure_stream(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
              return {redis.call('HGET', KEYS[2], 'top'), epoch}
              """);

  /**
   * ARGV: stream (4), since offset, since epoch, max recovered. Returns {top, epoch, recovered
   * (1/0), members...}; members only when recovered.
   */
  static final LuaScript SINCE =
      new LuaScript(
          ENSURE_STREAM
              + """
              local epoch = ensure_stream(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
              local top = redis.call('HGET', KEYS[2], 'top')
              if epoch ~= ARGV[6] then
                return {top, epoch, 0}
              end
              local missed = tonumber(top) - tonumber(ARGV[5])
              if missed == 0 then
                return {top, epoch, 1}
              end
              if missed < 0 or missed > tonumber(ARGV[7]) then
                return {top, epoch, 0}
              end
              -- Offsets are unique integers, so as many members as missed offsets means none is lost.
              local found = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[5], top)
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
