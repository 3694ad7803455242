package io.switchboard.crud.http;

import io.switchboard.platform.error.Conflict;
import io.switchboard.platform.error.Invalid;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on POSTs: the first request with a key runs and its response is stored in
 * the same transaction; a repeat from the same caller with the same method, path and body gets the
 * stored response, and a repeat with anything different is a {@link Conflict}.
 */
public final class Idempotency {

  /** Request header carrying the key. */
  public static final String HEADER = "Idempotency-Key";

  /** Longest key accepted, as the {@code idempotency_keys.key} check allows. */
  public static final int MAX_KEY_LENGTH = 200;

  private static final String FIND =
      "SELECT request_hash, status, body FROM idempotency_keys"
          + " WHERE tenant_id = $1 AND actor = $2 AND key = $3";
  private static final String STORE =
      "INSERT INTO idempotency_keys (tenant_id, actor, key, request_hash, status, body)"
          + " VALUES ($1, $2, $3, $4, $5, $6)";

  private Idempotency() {}

  /** The key in {@code header}, null when absent; a malformed one fails with {@link Invalid}. */
  public static String key(String header) {
    if (header == null) {
      return null;
    }
    if (header.isBlank()
        || header.length() > MAX_KEY_LENGTH
        || !header.chars().allMatch(c -> c > 32 && c < 127)) {
      throw Invalid.field(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
    }
    return header;
  }

  /** A digest of what makes two requests the same. */
  public static String hash(String method, String path, Buffer body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        digest.update(body.getBytes());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /**
   * Runs {@code work} in {@code tx} unless {@code key} was seen before; with a null key it simply
   * runs {@code work}.
   */
  public static Future<ApiResponse> once(
      SqlConnection tx,
      String tenantId,
      String actor,
      String key,
      String requestHash,
      Supplier<Future<ApiResponse>> work) {
    if (key == null) {
      return work.get();
    }
    return tx.preparedQuery(FIND)
        .execute(Tuple.of(tenantId, actor, key))
        .compose(
            rows ->
                rows.size() > 0
                    ? replay(rows, requestHash)
                    : work.get()
                        .compose(fresh -> store(tx, tenantId, actor, key, requestHash, fresh)));
  }

  private static Future<ApiResponse> replay(RowSet<Row> rows, String requestHash) {
    Row row = rows.iterator().next();
    if (!row.getString("request_hash").equals(requestHash)) {
      return Future.failedFuture(
          new Conflict("this Idempotency-Key was already used for a different request"));
    }
    JsonObject body = (JsonObject) row.getJson("body");
    Long version = body.getLong("version");
    return Future.succeededFuture(
        new ApiResponse(
            row.getInteger("status"), body, version == null ? null : ETags.of(version)));
  }

  private static Future<ApiResponse> store(
      SqlConnection tx,
      String tenantId,
      String actor,
      String key,
      String requestHash,
      ApiResponse response) {
    return tx.preparedQuery(STORE)
        .execute(Tuple.of(tenantId, actor, key, requestHash, response.status(), response.body()))
        .map(done -> response);
  }
}
