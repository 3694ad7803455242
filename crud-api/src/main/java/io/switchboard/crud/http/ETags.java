package io.switchboard.crud.http;

import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.PreconditionRequired;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strong entity tags over row versions: a resource at version 7 has the tag {@code "7"}, and a
 * change sent with {@code If-Match: "7"} applies only while the row is still at version 7.
 */
public final class ETags {

  /** Header carrying the version a change was based on. */
  public static final String IF_MATCH = "If-Match";

  private static final Pattern STRONG_VERSION = Pattern.compile("^\"([0-9]{1,18})\"$");

  private ETags() {}

  /** The tag of {@code version}. */
  public static String of(long version) {
    return "\"" + version + "\"";
  }

  /**
   * The version an {@code If-Match} header names. A missing header fails with {@link
   * PreconditionRequired} (428), so a client that never read the resource cannot overwrite it; a
   * header that is not one strong version tag (such as {@code *}) fails with {@link Invalid} on
   * {@code If-Match}.
   */
  public static long requiredVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw new PreconditionRequired(
          "If-Match is required: send the ETag of the version you read, e.g. If-Match: \"3\"");
    }
    Matcher m = STRONG_VERSION.matcher(ifMatch.strip());
    if (!m.matches()) {
      throw Invalid.field(IF_MATCH, "must be one strong entity tag such as \"3\"");
    }
    return Long.parseLong(m.group(1));
  }
}
