package io.switchboard.hub.presence;

import io.switchboard.hub.redis.LuaScript;

/**
 * Every Lua script of presence. KEYS[1] is the HASH clientId → entry JSON, KEYS[2] the ZSET
 * clientId → expiry (epoch ms); an entry whose expiry is not after now is dead.
 */
final class PresenceScripts {

  private PresenceScripts() {}

  // Dead entries are removed by whoever reads next, so no sweeper is needed.
  private static final String PRUNE =
      """
      local function prune(entries, expiry, now)
        local dead = redis.call('ZRANGEBYSCORE', expiry, '-inf', now)
        for i = 1, #dead do
          redis.call('HDEL', entries, dead[i])
        end
        if #dead > 0 then
          redis.call('ZREMRANGEBYSCORE', expiry, '-inf', now)
        end
      end
      """;

  /**
   * ARGV: clientId, entry JSON, expiry ms, ttl ms. The whole keys live ttl past the newest entry so
   * an abandoned channel disappears.
   */
  static final LuaScript ADD =
      new LuaScript(
          """
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
          redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
          redis.call('PEXPIRE', KEYS[1], ARGV[4])
          redis.call('PEXPIRE', KEYS[2], ARGV[4])
          return 1
          """);

  /** ARGV: clientId. */
  static final LuaScript REMOVE =
      new LuaScript(
          """
          redis.call('HDEL', KEYS[1], ARGV[1])
          redis.call('ZREM', KEYS[2], ARGV[1])
          return 1
          """);

  /** ARGV: now ms. Returns the live entries' JSON. */
  static final LuaScript GET =
      new LuaScript(
          PRUNE
              + """
              prune(KEYS[1], KEYS[2], ARGV[1])
              return redis.call('HVALS', KEYS[1])
              """);

  /** ARGV: now ms. Returns {connections, distinct users}. */
  static final LuaScript STATS =
      new LuaScript(
          PRUNE
              + """
              prune(KEYS[1], KEYS[2], ARGV[1])
              local values = redis.call('HVALS', KEYS[1])
              local users, count = {}, 0
              for i = 1, #values do
                local user = cjson.decode(values[i]).userId
                if user and not users[user] then
                  users[user] = true
                  count = count + 1
                end
              end
              return {#values, count}
              """);
}
