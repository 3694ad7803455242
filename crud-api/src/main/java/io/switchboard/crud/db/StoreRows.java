package io.switchboard.crud.db;

import io.switchboard.crud.http.Cursor;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.error.PreconditionFailed;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the feature stores share when reading rows: the one row of an id, keyset pages and the
 * stale-version refusal.
 */
public final class StoreRows {

  private StoreRows() {}

  /**
   * The page of {@code rows} selected with {@code limit + 1}: the first {@code limit} items, and a
   * cursor after the last of them only when the extra row shows there is more.
   *
   * @param of maps a row to its record
   * @param cursor the cursor placed after an item
   * @param page makes the feature's page of items and next cursor
   */
  public static <T, P> P page(
      RowSet<Row> rows,
      int limit,
      Function<Row, T> of,
      Function<T, Cursor> cursor,
      BiFunction<List<T>, Cursor, P> page) {
    List<T> items = new ArrayList<>();
    rows.forEach(row -> items.add(of.apply(row)));
    if (items.size() <= limit) {
      return page.apply(items, null);
    }
    List<T> shown = items.subList(0, limit);
    return page.apply(List.copyOf(shown), cursor.apply(shown.get(limit - 1)));
  }

  /**
   * The refusal of a change based on {@code expected} to the {@code noun} now at {@code current}.
   */
  public static PreconditionFailed stale(String noun, long current, long expected) {
    return new PreconditionFailed(
        "the "
            + noun
            + " is at version "
            + current
            + ", not "
            + expected
            + "; read it again and reapply the change");
  }

  /** The record of the one row in {@code rows}, or {@code missing} when there is none. */
  public static <T> Future<T> single(
      RowSet<Row> rows, Function<Row, T> of, Supplier<NotFound> missing) {
    return rows.size() == 0
        ? Future.failedFuture(missing.get())
        : Future.succeededFuture(of.apply(rows.iterator().next()));
  }
}
