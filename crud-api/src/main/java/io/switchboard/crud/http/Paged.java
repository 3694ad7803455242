package io.switchboard.crud.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One page of a list of resources and the cursor to the next page.
 *
 * @param <T> the resource listed
 */
public interface Paged<T extends Versioned> {

  /** The resources of this page, in list order. */
  List<T> items();

  /** Where the next page starts, or null on the last page. */
  Cursor next();

  /** The page as its REST body: {@code items} and {@code next_cursor}. */
  default JsonObject toJson() {
    JsonArray array = new JsonArray();
    items().forEach(item -> array.add(item.toJson()));
    return new JsonObject()
        .put("items", array)
        .put("next_cursor", next() == null ? null : next().encode());
  }
}
