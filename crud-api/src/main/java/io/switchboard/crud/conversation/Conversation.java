package io.switchboard.crud.conversation;

import io.switchboard.crud.http.Versioned;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One conversation as stored.
 *
 * @param id primary key
 * @param inboxId the inbox it arrived in
 * @param contactId the customer
 * @param assigneeId the assigned user, or null
 * @param teamId the assigned team, or null
 * @param status open, pending, snoozed or resolved
 * @param priority low, medium, high, urgent or null
 * @param labels free-form labels
 * @param channel chat or voice
 * @param lastOffset offset of the newest message
 * @param createdAt when it was created
 * @param updatedAt when it last changed, the list order
 * @param version incremented by every edit; the ETag
 * @param handedOffAt when a human took it over from the AI agent (or the agent handed it off), or
 *     null
 * @param activity what the inbox list shows of its messages
 */
public record Conversation(
    UUID id,
    UUID inboxId,
    UUID contactId,
    UUID assigneeId,
    UUID teamId,
    String status,
    String priority,
    List<String> labels,
    String channel,
    long lastOffset,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    long version,
    OffsetDateTime handedOffAt,
    Activity activity)
    implements Versioned {

  /**
   * The conversation's messages as an inbox list and the dashboard see them, kept on its row.
   *
   * @param lastMessageAt when the newest message that is not a private note came, or null
   * @param lastMessageAuthor its author kind (contact, agent, bot), or null
   * @param lastMessagePreview its first characters, or null
   * @param waitingSince the customer's oldest unanswered message, or null
   * @param unreadCount the customer's messages past the staff's read mark
   * @param agentReadOffset the offset staff have read up to
   * @param firstReplyAt a human agent's first public answer, or null
   * @param resolvedAt when it was resolved, or null while it is not
   */
  public record Activity(
      OffsetDateTime lastMessageAt,
      String lastMessageAuthor,
      String lastMessagePreview,
      OffsetDateTime waitingSince,
      int unreadCount,
      long agentReadOffset,
      OffsetDateTime firstReplyAt,
      OffsetDateTime resolvedAt) {

    static Activity of(Row row) {
      return new Activity(
          row.getOffsetDateTime("last_message_at"),
          row.getString("last_message_author"),
          row.getString("last_message_preview"),
          row.getOffsetDateTime("waiting_since"),
          row.getInteger("unread_count"),
          row.getLong("agent_read_offset"),
          row.getOffsetDateTime("first_reply_at"),
          row.getOffsetDateTime("resolved_at"));
    }

    void into(JsonObject json) {
      json.put("last_message_at", instant(lastMessageAt))
          .put("last_message_author", lastMessageAuthor)
          .put("last_message_preview", lastMessagePreview)
          .put("waiting_since", instant(waitingSince))
          .put("unread_count", unreadCount)
          .put("agent_read_offset", agentReadOffset)
          .put("first_reply_at", instant(firstReplyAt))
          .put("resolved_at", instant(resolvedAt));
    }
  }

  /** The conversation in a row of {@link ConversationSql#COLUMNS}. */
  static Conversation of(Row row) {
    return new Conversation(
        row.getUUID("id"),
        row.getUUID("inbox_id"),
        row.getUUID("contact_id"),
        row.getUUID("assignee_id"),
        row.getUUID("team_id"),
        row.getString("status"),
        row.getString("priority"),
        List.copyOf(Arrays.asList(row.getArrayOfStrings("labels"))),
        row.getString("channel"),
        row.getLong("last_offset"),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"),
        row.getLong("version"),
        row.getOffsetDateTime("handed_off_at"),
        Activity.of(row));
  }

  /** The JSON representation of the API. */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id.toString())
            .put("inbox_id", inboxId.toString())
            .put("contact_id", contactId.toString())
            .put("assignee_id", assigneeId == null ? null : assigneeId.toString())
            .put("team_id", teamId == null ? null : teamId.toString())
            .put("status", status)
            .put("priority", priority)
            .put("labels", new JsonArray(labels))
            .put("channel", channel)
            .put("last_offset", lastOffset)
            .put("created_at", createdAt.toInstant().toString())
            .put("updated_at", updatedAt.toInstant().toString())
            .put("version", version)
            .put("handed_off_at", instant(handedOffAt));
    activity.into(json);
    return json;
  }

  private static String instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
