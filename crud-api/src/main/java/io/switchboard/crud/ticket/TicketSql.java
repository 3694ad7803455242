package io.switchboard.crud.ticket;

/** Every statement of the ticket feature; row-level security confines them to the tenant. */
final class TicketSql {

  static final String COLUMNS =
      "t.id, t.subject, t.status, t.priority, t.sla_due_at, t.assignee_id, t.conversation_id,"
          + " t.created_at, t.updated_at, t.version";

  static final String INSERT =
      "INSERT INTO tickets AS t"
          + " (tenant_id, subject, priority, sla_due_at, assignee_id, conversation_id)"
          + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
          + COLUMNS;

  /**
   * Whether the conversation exists in the tenant. Checked before the insert because the foreign
   * key violation of a missing one names the same constraint as deleting a conversation a ticket
   * still refers to, which is a conflict rather than bad input.
   */
  static final String FIND = "SELECT " + COLUMNS + " FROM tickets t WHERE t.id = $1";

  static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";

  static final String UPDATE =
      "UPDATE tickets AS t SET status = $3, priority = $4, sla_due_at = $5, assignee_id = $6,"
          + " version = t.version + 1, updated_at = now()"
          + " WHERE t.id = $1 AND t.version = $2 RETURNING "
          + COLUMNS;

  static final String DELETE = "DELETE FROM tickets t WHERE t.id = $1";

  /** Overdue: past its SLA and still to be worked on. */
  private static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM tickets t WHERE ($1::text IS NULL OR t.status = $1)"
          + " AND ($2::uuid IS NULL OR t.assignee_id = $2)"
          + " AND ($3::text IS NULL OR t.priority = $3)"
          + " AND ($4::boolean IS NULL OR $4 = (t.sla_due_at IS NOT NULL AND t.sla_due_at < now()"
          + " AND t.status NOT IN ('solved', 'closed')))"
          + " AND ($5::timestamptz IS NULL OR (t.updated_at, t.id) %s ($5, $6::uuid))"
          + " ORDER BY t.updated_at %s, t.id %s LIMIT $7";

  static final String LIST_ASCENDING = String.format(LIST, ">", "ASC", "ASC");

  static final String LIST_DESCENDING = String.format(LIST, "<", "DESC", "DESC");

  private TicketSql() {}
}
