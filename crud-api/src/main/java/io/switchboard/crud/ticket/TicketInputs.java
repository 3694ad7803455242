package io.switchboard.crud.ticket;

import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.QueryInput;
import io.switchboard.crud.http.StorableTime;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

/** The inputs of the ticket API, parsed and checked against the limits below. */
public final class TicketInputs {

  /** Statuses a ticket can be in. */
  public static final Set<String> STATUSES = Set.of("open", "pending", "solved", "closed");

  /** Priorities a ticket can have. */
  public static final Set<String> PRIORITIES = Set.of("low", "medium", "high", "urgent");

  /** Priority of a ticket created without one, as the schema defaults. */
  public static final String DEFAULT_PRIORITY = "medium";

  /** Longest subject, as the schema allows. */
  public static final int MAX_SUBJECT_LENGTH = 500;

  /** Longest timestamp text accepted; ISO-8601 with nanoseconds and offset is about 35. */
  public static final int MAX_TIMESTAMP_LENGTH = 64;

  /** Page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 25;

  /** Largest page. */
  public static final int MAX_LIMIT = 100;

  private static final Set<String> CREATE_FIELDS =
      Set.of("subject", "priority", "sla_due_at", "assignee_id", "conversation_id");
  private static final Set<String> PATCH_FIELDS =
      Set.of("status", "priority", "sla_due_at", "assignee_id");
  private static final Set<String> LIST_PARAMS =
      Set.of("limit", Cursor.PARAM, "status", "assignee_id", "priority", "overdue", "sort");

  private TicketInputs() {}

  /**
   * A new ticket.
   *
   * @param subject what it is about
   * @param priority its priority
   * @param slaDueAt SLA deadline, or null
   * @param assigneeId assigned user, or null
   * @param conversationId originating conversation, or null
   */
  public record NewTicket(
      String subject,
      String priority,
      OffsetDateTime slaDueAt,
      UUID assigneeId,
      UUID conversationId) {}

  /**
   * Fields a PATCH sets; a {@code set...} flag says the field was sent, possibly as null.
   *
   * @param status new status or null to keep it
   * @param priority new priority or null to keep it
   * @param setSlaDueAt whether sla_due_at was sent
   * @param slaDueAt new deadline, null clears it
   * @param setAssignee whether assignee_id was sent
   * @param assigneeId new assignee, null unassigns
   */
  public record Change(
      String status,
      String priority,
      boolean setSlaDueAt,
      OffsetDateTime slaDueAt,
      boolean setAssignee,
      UUID assigneeId) {}

  /**
   * A page request of the list.
   *
   * @param limit page size
   * @param after cursor of the previous page's last row, or null for the first page
   * @param status filter, or null
   * @param assigneeId filter, or null
   * @param priority filter, or null
   * @param overdue true for overdue tickets only, false for the others, null for all
   * @param descending newest first when true
   */
  public record ListQuery(
      int limit,
      Cursor after,
      String status,
      UUID assigneeId,
      String priority,
      Boolean overdue,
      boolean descending) {}

  /** The new ticket in a POST body. */
  public static NewTicket create(Buffer body) {
    JsonInput in = JsonInput.of(body, CREATE_FIELDS);
    String priority = in.oneOf("priority", false, PRIORITIES);
    NewTicket created =
        new NewTicket(
            in.string("subject", true, MAX_SUBJECT_LENGTH),
            priority == null ? DEFAULT_PRIORITY : priority,
            timestamp(in, "sla_due_at"),
            in.uuid("assignee_id", false),
            in.uuid("conversation_id", false));
    in.check();
    return created;
  }

  /** The change in a PATCH body; it must set at least one field. */
  public static Change change(Buffer body) {
    JsonInput in = JsonInput.of(body, PATCH_FIELDS);
    for (String required : Set.of("status", "priority")) {
      if (in.isNull(required)) {
        in.reject(required, "must not be null");
      }
    }
    Change change =
        new Change(
            in.oneOf("status", false, STATUSES),
            in.oneOf("priority", false, PRIORITIES),
            in.has("sla_due_at"),
            timestamp(in, "sla_due_at"),
            in.has("assignee_id"),
            in.uuid("assignee_id", false));
    in.check();
    return change;
  }

  /** The list request in {@code params}. */
  public static ListQuery list(MultiMap params) {
    QueryInput in = QueryInput.of(params, LIST_PARAMS);
    String overdue = in.oneOf("overdue", Set.of("true", "false"), null);
    ListQuery query =
        new ListQuery(
            (int) in.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT),
            in.cursor(),
            in.oneOf("status", STATUSES, null),
            in.uuid("assignee_id"),
            in.oneOf("priority", PRIORITIES, null),
            overdue == null ? null : Boolean.valueOf(overdue),
            "desc".equals(in.oneOf("sort", Set.of("asc", "desc"), "asc")));
    in.check();
    return query;
  }

  /** An ISO-8601 timestamp with offset, or null when absent or null. */
  private static OffsetDateTime timestamp(JsonInput in, String field) {
    String text = in.string(field, false, MAX_TIMESTAMP_LENGTH);
    if (text == null) {
      return null;
    }
    OffsetDateTime parsed;
    try {
      parsed = OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      in.reject(field, "must be an ISO-8601 timestamp with offset, e.g. 2025-01-31T12:00:00Z");
      return null;
    }
    if (!StorableTime.storable(parsed)) {
      in.reject(field, StorableTime.REASON);
      return null;
    }
    return parsed;
  }
}
