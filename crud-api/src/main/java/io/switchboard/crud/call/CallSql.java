package io.switchboard.crud.call;

/** Every statement of the call feature; row-level security confines them to the tenant. */
final class CallSql {

  static final String COLUMNS =
      "c.id, c.conversation_id, c.state, c.direction, c.started_at, c.answered_at, c.ended_at,"
          + " c.recording_ref, c.transcript, c.created_at, c.updated_at, c.version";

  static final String INSERT =
      "INSERT INTO calls AS c (tenant_id, direction, conversation_id) VALUES ($1, $2, $3)"
          + " RETURNING "
          + COLUMNS;

  /** Checked before the insert so that a missing conversation is bad input, not a conflict. */
  static final String FIND = "SELECT " + COLUMNS + " FROM calls c WHERE c.id = $1";

  static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";

  /** Stamps answered_at on entering in-progress and ended_at on entering ended or failed. */
  static final String UPDATE =
      "UPDATE calls AS c SET state = $3, recording_ref = $4,"
          + " answered_at = CASE WHEN $3 = 'in-progress' AND c.state <> $3 THEN now()"
          + " ELSE c.answered_at END,"
          + " ended_at = CASE WHEN $3 IN ('ended', 'failed') AND c.state <> $3 THEN now()"
          + " ELSE c.ended_at END,"
          + " version = c.version + 1, updated_at = now()"
          + " WHERE c.id = $1 AND c.version = $2 RETURNING "
          + COLUMNS;

  static final String APPEND_TRANSCRIPT =
      "UPDATE calls AS c SET transcript = c.transcript || $2::jsonb,"
          + " version = c.version + 1, updated_at = now()"
          + " WHERE c.id = $1 RETURNING "
          + COLUMNS;

  static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM calls c WHERE ($1::text IS NULL OR c.state = $1)"
          + " AND ($2::timestamptz IS NULL OR (c.updated_at, c.id) > ($2, $3::uuid))"
          + " ORDER BY c.updated_at ASC, c.id ASC LIMIT $4";

  private CallSql() {}
}
