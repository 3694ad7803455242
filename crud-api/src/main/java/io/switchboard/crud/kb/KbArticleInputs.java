package io.switchboard.crud.kb;

import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.QueryInput;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The inputs of the knowledge-base API, parsed and checked against the limits below. */
public final class KbArticleInputs {

  /** Longest title, as the schema allows. */
  public static final int MAX_TITLE_LENGTH = 500;

  /** Longest body, as the schema allows; the front's body limit may be lower. */
  public static final int MAX_BODY_LENGTH = 200_000;

  /** Most tags on one article. */
  public static final int MAX_TAGS = 20;

  /** Longest tag. */
  public static final int MAX_TAG_LENGTH = 50;

  /** A language, optionally with a region, as the schema checks: {@code en}, {@code pt-BR}. */
  public static final Pattern LOCALE = Pattern.compile("^[a-z]{2}(-[A-Z]{2})?$");

  /** Longest locale text. */
  public static final int MAX_LOCALE_LENGTH = 5;

  /** Locale of an article created without one, as the schema defaults. */
  public static final String DEFAULT_LOCALE = "en";

  /** Page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 25;

  /** Largest page. */
  public static final int MAX_LIMIT = 100;

  private static final String LOCALE_RULE = "must be a language such as en or pt-BR";
  private static final Set<String> FIELDS = Set.of("title", "body", "tags", "locale", "published");
  private static final Set<String> LIST_PARAMS =
      Set.of("limit", Cursor.PARAM, "published", "locale", "tag");

  private KbArticleInputs() {}

  /**
   * The fields of a POST, or of a PATCH where null keeps the current value.
   *
   * @param title title, or null
   * @param body body, or null
   * @param tags tags, or null
   * @param locale locale, or null
   * @param published published flag, or null
   */
  public record Fields(
      String title, String body, List<String> tags, String locale, Boolean published) {}

  /**
   * A page request of the list.
   *
   * @param limit page size
   * @param after cursor of the previous page's last row, or null for the first page
   * @param published filter, or null
   * @param locale filter, or null
   * @param tag filter, or null
   */
  public record ListQuery(int limit, Cursor after, Boolean published, String locale, String tag) {}

  /** The new article in a POST body, with defaults filled in. */
  public static Fields create(Buffer body) {
    JsonInput in = JsonInput.of(body, FIELDS);
    Fields fields = fields(in, true);
    in.check();
    return new Fields(
        fields.title(),
        fields.body(),
        fields.tags() == null ? List.of() : fields.tags(),
        fields.locale() == null ? DEFAULT_LOCALE : fields.locale(),
        fields.published() != null && fields.published());
  }

  /** The change in a PATCH body; it must set at least one field and none to null. */
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
    String published = in.oneOf("published", Set.of("true", "false"), null);
    String locale = in.string("locale", MAX_LOCALE_LENGTH);
    if (locale != null && !LOCALE.matcher(locale).matches()) {
      in.reject("locale", LOCALE_RULE);
    }
    ListQuery query =
        new ListQuery(
            (int) in.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT),
            in.cursor(),
            published == null ? null : Boolean.valueOf(published),
            locale,
            in.string("tag", MAX_TAG_LENGTH));
    in.check();
    return query;
  }

  private static Fields fields(JsonInput in, boolean required) {
    String locale = in.string("locale", false, MAX_LOCALE_LENGTH);
    if (locale != null && !LOCALE.matcher(locale).matches()) {
      in.reject("locale", LOCALE_RULE);
    }
    return new Fields(
        in.string("title", required, MAX_TITLE_LENGTH),
        in.string("body", required, MAX_BODY_LENGTH),
        in.strings("tags", MAX_TAGS, MAX_TAG_LENGTH),
        locale,
        in.has("published") && !in.isNull("published") ? in.bool("published", false) : null);
  }
}
