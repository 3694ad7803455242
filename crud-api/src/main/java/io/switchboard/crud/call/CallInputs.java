package io.switchboard.crud.call;

import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.QueryInput;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The inputs of the call API, parsed and checked against the limits below. */
public final class CallInputs {

  /** States a call can be in. */
  public static final Set<String> STATES = Set.of("ringing", "in-progress", "ended", "failed");

  /** The states each state may move to; calls only move forward. */
  public static final Map<String, Set<String>> TRANSITIONS =
      Map.of(
          "ringing", Set.of("in-progress", "ended", "failed"),
          "in-progress", Set.of("ended", "failed"),
          "ended", Set.of(),
          "failed", Set.of());

  /** Directions a call can have. */
  public static final Set<String> DIRECTIONS = Set.of("inbound", "outbound");

  /** Who can speak in a transcript segment. */
  public static final Set<String> SPEAKERS = Set.of("contact", "agent", "bot");

  /** Longest recording reference, as the schema allows. */
  public static final int MAX_RECORDING_REF_LENGTH = 1000;

  /** Longest text of one transcript segment. */
  public static final int MAX_SEGMENT_TEXT_LENGTH = 2000;

  /** Most segments appended by one request. */
  public static final int MAX_SEGMENTS = 100;

  /** Page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 25;

  /** Largest page. */
  public static final int MAX_LIMIT = 100;

  private static final Set<String> CREATE_FIELDS = Set.of("direction", "conversation_id");
  private static final Set<String> PATCH_FIELDS = Set.of("state", "recording_ref");
  private static final Set<String> TRANSCRIPT_FIELDS = Set.of("segments");
  private static final Set<String> SEGMENT_FIELDS = Set.of("speaker", "text", "startMs", "endMs");
  private static final Set<String> LIST_PARAMS = Set.of("limit", Cursor.PARAM, "state");

  private CallInputs() {}

  /**
   * A new call.
   *
   * @param direction inbound or outbound
   * @param conversationId the conversation it belongs to, or null
   */
  public record NewCall(String direction, UUID conversationId) {}

  /**
   * Fields a PATCH sets.
   *
   * @param state new state or null to keep it
   * @param setRecordingRef whether recording_ref was sent
   * @param recordingRef new recording reference, null clears it
   */
  public record Change(String state, boolean setRecordingRef, String recordingRef) {}

  /**
   * A page request of the list.
   *
   * @param limit page size
   * @param after cursor of the previous page's last row, or null for the first page
   * @param state filter, or null
   */
  public record ListQuery(int limit, Cursor after, String state) {}

  /** The new call in a POST body. */
  public static NewCall create(Buffer body) {
    JsonInput in = JsonInput.of(body, CREATE_FIELDS);
    NewCall created =
        new NewCall(in.oneOf("direction", true, DIRECTIONS), in.uuid("conversation_id", false));
    in.check();
    return created;
  }

  /** The change in a PATCH body; it must set at least one field. */
  public static Change change(Buffer body) {
    JsonInput in = JsonInput.of(body, PATCH_FIELDS);
    if (in.isNull("state")) {
      in.reject("state", "must not be null");
    }
    Change change =
        new Change(
            in.oneOf("state", false, STATES),
            in.has("recording_ref"),
            in.string("recording_ref", false, MAX_RECORDING_REF_LENGTH));
    in.check();
    return change;
  }

  /**
   * The segments of a transcript append, {@code {"segments": [{speaker, text, startMs, endMs}]}};
   * each refused segment field is named {@code segments[i].field}.
   */
  public static JsonArray segments(Buffer body) {
    JsonInput in = JsonInput.of(body, TRANSCRIPT_FIELDS);
    Object value = body.toJsonObject().getValue("segments");
    JsonArray out = new JsonArray();
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      in.reject("segments", "must be a non-empty array of segments");
    } else if (array.size() > MAX_SEGMENTS) {
      in.reject("segments", "must have at most " + MAX_SEGMENTS + " items");
    } else {
      for (int i = 0; i < array.size(); i++) {
        JsonObject segment = segment(in, "segments[" + i + "]", array.getValue(i));
        if (segment != null) {
          out.add(segment);
        }
      }
    }
    in.check();
    return out;
  }

  /** The list request in {@code params}. */
  public static ListQuery list(MultiMap params) {
    QueryInput in = QueryInput.of(params, LIST_PARAMS);
    ListQuery query =
        new ListQuery(
            (int) in.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT),
            in.cursor(),
            in.oneOf("state", STATES, null));
    in.check();
    return query;
  }

  private static JsonObject segment(JsonInput in, String prefix, Object value) {
    if (!(value instanceof JsonObject object)) {
      in.reject(prefix, "must be an object");
      return null;
    }
    // Over REST, BodyContract refuses fields TranscriptSegment does not list before this runs;
    // the event bus has no contract in front, so they are refused here for both.
    int refused = 0;
    for (String name : object.fieldNames().stream().sorted().toList()) {
      if (!SEGMENT_FIELDS.contains(name)) {
        in.reject(prefix + "." + name, "unknown field");
        refused++;
      }
    }
    Object speaker = object.getValue("speaker");
    if (!(speaker instanceof String s) || !SPEAKERS.contains(s)) {
      in.reject(prefix + ".speaker", "must be one of agent, bot, contact");
      refused++;
    }
    Object text = object.getValue("text");
    if (!(text instanceof String t)
        || t.isEmpty()
        || t.length() > MAX_SEGMENT_TEXT_LENGTH
        || t.indexOf('\0') >= 0) {
      in.reject(prefix + ".text", "must be 1 to " + MAX_SEGMENT_TEXT_LENGTH + " characters");
      refused++;
    }
    Long start = millis(object.getValue("startMs"));
    Long end = millis(object.getValue("endMs"));
    if (start == null) {
      in.reject(prefix + ".startMs", "must be a whole number of milliseconds, at least 0");
      refused++;
    }
    if (end == null || (start != null && end < start)) {
      in.reject(prefix + ".endMs", "must be a whole number of milliseconds, at least startMs");
      refused++;
    }
    if (refused > 0) {
      return null;
    }
    return new JsonObject()
        .put("speaker", speaker)
        .put("text", text)
        .put("startMs", start)
        .put("endMs", end);
  }

  private static Long millis(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      long n = ((Number) value).longValue();
      return n >= 0 ? n : null;
    }
    return null;
  }
}
