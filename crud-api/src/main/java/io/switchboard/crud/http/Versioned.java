package io.switchboard.crud.http;

import io.vertx.core.json.JsonObject;

/** A resource that answers as JSON with an entity tag made from its version. */
public interface Versioned {

  /** The resource as its REST body. */
  JsonObject toJson();

  /** The version the {@code ETag} and {@code If-Match} headers carry. */
  long version();
}
