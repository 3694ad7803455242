package io.switchboard.crud.http;

import io.vertx.core.json.JsonObject;

/**
 * What a successful request answers: a status, a JSON body and, for versioned resources, an entity
 * tag; stored as is for {@code Idempotency-Key} replays.
 *
 * @param status HTTP status, 200 or 201
 * @param body the JSON body, or null for none (204)
 * @param etag the {@code ETag} header value, or null when the resource has no version
 */
public record ApiResponse(int status, JsonObject body, String etag) {

  /** A 200 with no entity tag. */
  public static ApiResponse ok(JsonObject body) {
    return new ApiResponse(200, body, null);
  }

  /** A 200 for a resource at {@code version}. */
  public static ApiResponse ok(JsonObject body, long version) {
    return new ApiResponse(200, body, ETags.of(version));
  }

  /** A 201 for a new resource at {@code version}. */
  public static ApiResponse created(JsonObject body, long version) {
    return new ApiResponse(201, body, ETags.of(version));
  }

  /** A 204. */
  public static ApiResponse noContent() {
    return new ApiResponse(204, null, null);
  }

  /** A 201 for a new resource with no version. */
  public static ApiResponse created(JsonObject body) {
    return new ApiResponse(201, body, null);
  }
}
