package io.switchboard.crud.canned;

import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.QueryInput;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Set;
import java.util.regex.Pattern;

/** The inputs of the canned-response API, parsed and checked against the limits below. */
public final class CannedResponseInputs {

  /** Longest short code, as the schema allows. */
  public static final int MAX_SHORT_CODE_LENGTH = 50;

  /** What a short code may contain, as the schema checks. */
  public static final Pattern SHORT_CODE = Pattern.compile("^[a-z0-9_-]{1,50}$");

  /** Longest content, as the schema allows. */
  public static final int MAX_CONTENT_LENGTH = 5000;

  /** Page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 25;

  /** Largest page. */
  public static final int MAX_LIMIT = 100;

  private static final String SHORT_CODE_RULE = "must be 1 to 50 of a-z, 0-9, _ and -";
  private static final Set<String> FIELDS = Set.of("short_code", "content");
  private static final Set<String> LIST_PARAMS = Set.of("limit", Cursor.PARAM, "q");

  private CannedResponseInputs() {}

  /**
   * The fields of a POST, or of a PATCH where null keeps the current value.
   *
   * @param shortCode short code, or null
   * @param content content, or null
   */
  public record Fields(String shortCode, String content) {}

  /**
   * A page request of the list.
   *
   * @param limit page size
   * @param after cursor of the previous page's last row, or null for the first page
   * @param prefix short-code prefix, or null for all
   */
  public record ListQuery(int limit, Cursor after, String prefix) {}

  /** The new canned response in a POST body. */
  public static Fields create(Buffer body) {
    JsonInput in = JsonInput.of(body, FIELDS);
    Fields fields = fields(in, true);
    in.check();
    return fields;
  }

  /** The change in a PATCH body; it must set at least one field. */
  public static Fields change(Buffer body) {
    JsonInput in = JsonInput.of(body, FIELDS);
    FIELDS.stream()
        .filter(in::isNull)
        .sorted()
        .forEach(field -> in.reject(field, "must not be null"));
    Fields fields = fields(in, false);
    in.check();
    return fields;
  }

  /** The list request in {@code params}. */
  public static ListQuery list(MultiMap params) {
    QueryInput in = QueryInput.of(params, LIST_PARAMS);
    ListQuery query =
        new ListQuery(
            (int) in.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT),
            in.cursor(),
            in.string("q", MAX_SHORT_CODE_LENGTH));
    in.check();
    return query;
  }

  private static Fields fields(JsonInput in, boolean required) {
    String shortCode = in.string("short_code", required, MAX_SHORT_CODE_LENGTH);
    if (shortCode != null && !SHORT_CODE.matcher(shortCode).matches()) {
      in.reject("short_code", SHORT_CODE_RULE);
    }
    return new Fields(shortCode, in.string("content", required, MAX_CONTENT_LENGTH));
  }
}
