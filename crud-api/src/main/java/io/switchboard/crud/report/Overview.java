package io.switchboard.crud.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * What the supervisors' dashboard shows of a tenant at one moment.
 *
 * @param at when it was read
 * @param inboxes open, unassigned and waiting conversations per inbox
 * @param firstResponse a human's first answer, for conversations answered in the last day
 * @param resolution time to resolve, for conversations resolved in the last day
 * @param liveCalls calls ringing or in progress
 * @param messagesPerMinute messages stored in each of the last minutes, oldest first, the current
 *     (partial) minute last
 */
public record Overview(
    Instant at,
    List<InboxLoad> inboxes,
    Durations firstResponse,
    Durations resolution,
    long liveCalls,
    List<MinuteCount> messagesPerMinute) {

  /**
   * One inbox's open conversations.
   *
   * @param id the inbox
   * @param name its name
   * @param channel chat or voice
   * @param open conversations open
   * @param unassigned open ones with no assignee
   * @param waiting open ones whose customer waits for an answer
   * @param oldestWaiting the longest wait's start, or null
   */
  public record InboxLoad(
      String id,
      String name,
      String channel,
      long open,
      long unassigned,
      long waiting,
      Instant oldestWaiting) {}

  /**
   * Durations of one kind over a window.
   *
   * @param count how many
   * @param medianSeconds the median, or null without any
   * @param p90Seconds the 90th percentile, or null without any
   */
  public record Durations(long count, Double medianSeconds, Double p90Seconds) {
    JsonObject toJson() {
      return new JsonObject()
          .put("count", count)
          .put("median_seconds", medianSeconds)
          .put("p90_seconds", p90Seconds);
    }
  }

  /**
   * Messages stored in one minute.
   *
   * @param minute its start
   * @param count how many
   */
  public record MinuteCount(Instant minute, long count) {}

  /** The JSON representation of the API. */
  public JsonObject toJson() {
    JsonArray loads = new JsonArray();
    for (InboxLoad load : inboxes) {
      loads.add(
          new JsonObject()
              .put("inbox_id", load.id())
              .put("name", load.name())
              .put("channel", load.channel())
              .put("open", load.open())
              .put("unassigned", load.unassigned())
              .put("waiting", load.waiting())
              .put(
                  "oldest_waiting_since",
                  load.oldestWaiting() == null ? null : load.oldestWaiting().toString()));
    }
    JsonArray minutes = new JsonArray();
    for (MinuteCount minute : messagesPerMinute) {
      minutes.add(
          new JsonObject().put("minute", minute.minute().toString()).put("count", minute.count()));
    }
    return new JsonObject()
        .put("at", at.toString())
        .put("inboxes", loads)
        .put("first_response", firstResponse.toJson())
        .put("resolution", resolution.toJson())
        .put("live_calls", liveCalls)
        .put("messages_per_minute", minutes);
  }
}
