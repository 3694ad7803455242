package io.switchboard.crud.team;

import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.QueryInput;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Set;

/** The inputs of the team API, parsed and checked against the limits below. */
public final class TeamInputs {

  /** Longest name, as the schema allows. */
  public static final int MAX_NAME_LENGTH = 200;

  /** Page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 25;

  /** Largest page. */
  public static final int MAX_LIMIT = 100;

  private static final Set<String> FIELDS = Set.of("name");
  private static final Set<String> LIST_PARAMS = Set.of("limit", Cursor.PARAM);

  private TeamInputs() {}

  /**
   * A page request of the list.
   *
   * @param limit page size
   * @param after cursor of the previous page's last row, or null for the first page
   */
  public record ListQuery(int limit, Cursor after) {}

  /** The name in a POST or PATCH body. */
  public static String name(Buffer body) {
    JsonInput in = JsonInput.of(body, FIELDS);
    String name = in.string("name", true, MAX_NAME_LENGTH);
    in.check();
    return name;
  }

  /** The list request in {@code params}. */
  public static ListQuery list(MultiMap params) {
    QueryInput in = QueryInput.of(params, LIST_PARAMS);
    ListQuery query =
        new ListQuery((int) in.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT), in.cursor());
    in.check();
    return query;
  }
}
