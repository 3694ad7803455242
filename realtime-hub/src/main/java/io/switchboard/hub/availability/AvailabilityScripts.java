package io.switchboard.hub.availability;

import io.switchboard.hub.redis.LuaScript;

/**
 * Every Lua script of the connection registry and availability. Connection ZSETs map clientId →
 * expiry (epoch ms); an entry whose expiry is not after now is dead and removed by the next script
 * that looks.
 */
final class AvailabilityScripts {

  private AvailabilityScripts() {}

  /**
   * KEYS: user connections, tenant connections. ARGV: clientId, now ms, ttl ms, per-user limit,
   * per-tenant limit. Returns 'ok', 'user' or 'tenant' (the limit that refused). A connection
   * already registered is refreshed, not counted twice.
   */
  static final LuaScript ADMIT =
      new LuaScript(
          """
          local user, tenant, client, now = KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2])
          redis.call('ZREMRANGEBYSCORE', user, '-inf', now)
          redis.call('ZREMRANGEBYSCORE', tenant, '-inf', now)
          if not redis.call('ZSCORE', user, client) then
            if redis.call('ZCARD', user) >= tonumber(ARGV[4]) then
              return 'user'
            end
            if redis.call('ZCARD', tenant) >= tonumber(ARGV[5]) then
              return 'tenant'
            end
          end
          redis.call('ZADD', user, now + tonumber(ARGV[3]), client)
          redis.call('ZADD', tenant, now + tonumber(ARGV[3]), client)
          redis.call('PEXPIRE', user, ARGV[3])
          redis.call('PEXPIRE', tenant, ARGV[3])
          return 'ok'
          """);

  /**
   * KEYS: user connections, tenant connections. ARGV: clientId, now ms, ttl ms. Re-registers an
   * entry that aged out while its connection was in fact alive (a late touch), without a limit
   * check: refusing a connection that is already open would help nobody.
   */
  static final LuaScript TOUCH =
      new LuaScript(
          """
          local expiry = tonumber(ARGV[2]) + tonumber(ARGV[3])
          redis.call('ZADD', KEYS[1], expiry, ARGV[1])
          redis.call('ZADD', KEYS[2], expiry, ARGV[1])
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
          redis.call('PEXPIRE', KEYS[2], ARGV[3])
          return 1
          """);

  /**
   * KEYS: user connections, tenant connections. ARGV: clientId, now ms. Returns how many live
   * connections the user still has.
   */
  static final LuaScript RELEASE =
      new LuaScript(
          """
          redis.call('ZREM', KEYS[1], ARGV[1])
          redis.call('ZREM', KEYS[2], ARGV[1])
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
          return redis.call('ZCARD', KEYS[1])
          """);

  /**
   * KEYS: availability HASH userId → "status:since ms". ARGV: userId, status, now ms. Returns the
   * stored value, unchanged when the status is the same.
   */
  static final LuaScript SET_STATUS =
      new LuaScript(
          """
          local current = redis.call('HGET', KEYS[1], ARGV[1])
          if current and string.sub(current, 1, #ARGV[2] + 1) == ARGV[2] .. ':' then
            return current
          end
          local value = ARGV[2] .. ':' .. ARGV[3]
          redis.call('HSET', KEYS[1], ARGV[1], value)
          return value
          """);
}
