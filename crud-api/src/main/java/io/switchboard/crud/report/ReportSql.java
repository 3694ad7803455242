package io.switchboard.crud.report;

/**
 * Every statement of the supervisors' overview. Row-level security confines each to the tenant;
 * each reads columns that the message path keeps on the conversation row, or an index of its own.
 */
final class ReportSql {

  /** Open conversations per inbox, unassigned and waiting for an answer among them. */
  static final String INBOXES =
      "SELECT i.id, i.name, i.channel,"
          + " count(c.id) AS open,"
          + " count(c.id) FILTER (WHERE c.assignee_id IS NULL) AS unassigned,"
          + " count(c.id) FILTER (WHERE c.waiting_since IS NOT NULL) AS waiting,"
          + " min(c.waiting_since) AS oldest_waiting"
          + " FROM inboxes i LEFT JOIN conversations c"
          + " ON c.inbox_id = i.id AND c.status = 'open'"
          + " GROUP BY i.id, i.name, i.channel ORDER BY i.name, i.id";

  /** Seconds from opening to a human's first answer, for conversations answered in the last day. */
  static final String FIRST_RESPONSE =
      "SELECT count(*) AS n,"
          + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_reply_at -"
          + " created_at)) AS p50,"
          + " percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_reply_at -"
          + " created_at)) AS p90"
          + " FROM conversations WHERE first_reply_at >= now() - interval '24 hours'";

  /** Seconds from opening to resolution, for conversations resolved in the last day. */
  static final String RESOLUTION =
      "SELECT count(*) AS n,"
          + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at -"
          + " created_at)) AS p50,"
          + " percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at -"
          + " created_at)) AS p90"
          + " FROM conversations WHERE resolved_at >= now() - interval '24 hours'";

  /** Calls ringing or in progress, and the database's current minute, which the chart ends at. */
  static final String LIVE_CALLS =
      "SELECT count(*) AS n, date_trunc('minute', now()) AS minute"
          + " FROM calls WHERE state IN ('ringing', 'in-progress')";

  /** Messages stored per minute in the last {@code $1} minutes, private notes included. */
  static final String MESSAGES_PER_MINUTE =
      "SELECT date_trunc('minute', created_at) AS minute, count(*) AS n FROM messages"
          + " WHERE created_at >= date_trunc('minute', now()) - make_interval(mins => $1 - 1)"
          + " GROUP BY 1";

  private ReportSql() {}
}
