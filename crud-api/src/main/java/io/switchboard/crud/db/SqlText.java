package io.switchboard.crud.db;

/** SQL expressions that write values as the Java side writes them in JSON. */
public final class SqlText {

  private SqlText() {}

  /**
   * A {@code timestamptz} expression as {@link java.time.Instant#toString} writes it: UTC, and the
   * fraction's trailing zeros dropped in threes ({@code 03:01:47Z}, {@code 03:01:47.120Z}, {@code
   * 03:01:47.000100Z}).
   */
  public static String instant(String expression) {
    return "(regexp_replace(to_char("
        + expression
        + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '(\\.000000|000)$', '') || 'Z')";
  }
}
