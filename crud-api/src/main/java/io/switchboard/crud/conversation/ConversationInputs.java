package io.switchboard.crud.conversation;

import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.QueryInput;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The inputs of the conversation API, parsed and checked against the limits below. */
public final class ConversationInputs {

  /** Statuses a conversation can be in. */
  public static final Set<String> STATUSES = Set.of("open", "pending", "snoozed", "resolved");

  /** Priorities a conversation can have. */
  public static final Set<String> PRIORITIES = Set.of("low", "medium", "high", "urgent");

  /** Channels a conversation can use. */
  public static final Set<String> CHANNELS = Set.of("chat", "voice");

  /** Most labels on one conversation. */
  public static final int MAX_LABELS = 20;

  /** Longest label. */
  public static final int MAX_LABEL_LENGTH = 50;

  /** Page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 25;

  /** Largest page. */
  public static final int MAX_LIMIT = 100;

  private static final Set<String> CREATE_FIELDS =
      Set.of("inbox_id", "contact_id", "channel", "priority", "labels");
  private static final Set<String> PATCH_FIELDS =
      Set.of("status", "priority", "labels", "assignee_id", "team_id");
  private static final Set<String> LIST_PARAMS =
      Set.of(
          "limit",
          Cursor.PARAM,
          "status",
          "assignee_id",
          "inbox_id",
          "label",
          "updated_since",
          "sort");

  private ConversationInputs() {}

  /**
   * A new conversation.
   *
   * @param inboxId inbox it belongs to
   * @param contactId the customer
   * @param channel chat or voice
   * @param priority priority or null
   * @param labels labels, possibly empty
   */
  public record NewConversation(
      UUID inboxId, UUID contactId, String channel, String priority, List<String> labels) {}

  /**
   * Fields a PATCH sets; a {@code set...} flag says the field was sent, possibly as null.
   *
   * @param status new status or null to keep it
   * @param setPriority whether priority was sent
   * @param priority new priority, null clears it
   * @param labels new labels or null to keep them
   * @param setAssignee whether assignee_id was sent
   * @param assigneeId new assignee, null unassigns
   * @param setTeam whether team_id was sent
   * @param teamId new team, null clears it
   */
  public record Change(
      String status,
      boolean setPriority,
      String priority,
      List<String> labels,
      boolean setAssignee,
      UUID assigneeId,
      boolean setTeam,
      UUID teamId) {}

  /**
   * A page request of the list.
   *
   * @param limit page size
   * @param after cursor of the previous page's last row, or null for the first page
   * @param status filter, or null
   * @param assigneeId filter, or null
   * @param inboxId filter, or null
   * @param label filter, or null
   * @param updatedSince filter, or null
   * @param descending newest first when true
   */
  public record ListQuery(
      int limit,
      Cursor after,
      String status,
      UUID assigneeId,
      UUID inboxId,
      String label,
      OffsetDateTime updatedSince,
      boolean descending) {}

  /** The offset in a read mark's body: {@code {"offset": n}}. */
  public static long readOffset(Buffer body) {
    JsonInput in = JsonInput.of(body, Set.of("offset"));
    long offset = in.nonNegative("offset", true);
    in.check();
    return offset;
  }

  /** The new conversation in a POST body. */
  public static NewConversation create(Buffer body) {
    JsonInput in = JsonInput.of(body, CREATE_FIELDS);
    NewConversation created =
        new NewConversation(
            in.uuid("inbox_id", true),
            in.uuid("contact_id", true),
            in.oneOf("channel", true, CHANNELS),
            in.oneOf("priority", false, PRIORITIES),
            in.strings("labels", MAX_LABELS, MAX_LABEL_LENGTH));
    in.check();
    return created.labels() == null
        ? new NewConversation(
            created.inboxId(),
            created.contactId(),
            created.channel(),
            created.priority(),
            List.of())
        : created;
  }

  /** The change in a PATCH body; it must set at least one field. */
  public static Change change(Buffer body) {
    JsonInput in = JsonInput.of(body, PATCH_FIELDS);
    if (in.isNull("status")) {
      in.reject("status", "must not be null");
    }
    if (in.isNull("labels")) {
      in.reject("labels", "must not be null; send [] to clear them");
    }
    Change change =
        new Change(
            in.oneOf("status", false, STATUSES),
            in.has("priority"),
            in.oneOf("priority", false, PRIORITIES),
            in.strings("labels", MAX_LABELS, MAX_LABEL_LENGTH),
            in.has("assignee_id"),
            in.uuid("assignee_id", false),
            in.has("team_id"),
            in.uuid("team_id", false));
    if (PATCH_FIELDS.stream().noneMatch(in::has)) {
      in.reject(
          JsonInput.WHOLE_BODY, "must set at least one of " + String.join(", ", PATCH_FIELDS));
    }
    in.check();
    return change;
  }

  /** The list request in {@code params}. */
  public static ListQuery list(MultiMap params) {
    QueryInput in = QueryInput.of(params, LIST_PARAMS);
    ListQuery query =
        new ListQuery(
            (int) in.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT),
            in.cursor(),
            in.oneOf("status", STATUSES, null),
            in.uuid("assignee_id"),
            in.uuid("inbox_id"),
            in.string("label", MAX_LABEL_LENGTH),
            in.timestamp("updated_since"),
            "desc".equals(in.oneOf("sort", Set.of("asc", "desc"), "asc")));
    in.check();
    return query;
  }
}
