package io.switchboard.hub.redis;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run by its SHA1 with EVALSHA, sent in full with EVAL only when the server answers
 * NOSCRIPT (after a restart or SCRIPT FLUSH), so the usual call is one short round trip.
 */
public final class LuaScript {

  private final String source;
  private final String sha1;

  public LuaScript(String source) {
    this.source = source;
    this.sha1 = sha1(source);
  }

  /** The script's SHA1, as Redis names it. */
  public String sha1() {
    return sha1;
  }

  /**
   * Runs the script on {@code keys} with {@code args}; an argument that is a {@link Buffer} or
   * {@code byte[]} is sent as bytes, a number as its decimal text, anything else as its string.
   */
  public Future<Response> run(Redis redis, List<String> keys, Object... args) {
    return redis
        .send(request(Command.EVALSHA, sha1, keys, args))
        .recover(
            failure ->
                isNoScript(failure)
                    ? redis.send(request(Command.EVAL, source, keys, args))
                    : Future.failedFuture(failure));
  }

  private static Request request(Command command, String script, List<String> keys, Object[] args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    for (Object arg : args) {
      if (arg instanceof Buffer buffer) {
        request.arg(buffer);
      } else if (arg instanceof byte[] bytes) {
        request.arg(bytes);
      } else if (arg instanceof Long number) {
        request.arg(number.longValue());
      } else if (arg instanceof Integer number) {
        request.arg(number.longValue());
      } else {
        request.arg(String.valueOf(arg));
      }
    }
    return request;
  }

  // The client reports server errors as exceptions whose message starts with the error code.
  private static boolean isNoScript(Throwable failure) {
    String message = failure.getMessage();
    return message != null && message.startsWith("NOSCRIPT");
  }

  private static String sha1(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-1", e);
    }
  }
}
