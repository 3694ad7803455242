package io.switchboard.voice.telephony;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the provider's JSON events and writes the three the hub sends back ({@code media}, {@code
 * mark}, {@code clear}). A frame that cannot be read throws {@link BadTelephonyFrame} naming what
 * is wrong; the stream decides whether that is fatal.
 */
public final class TelephonyFrames {

  /** Most custom parameters a start may carry. */
  public static final int MAX_PARAMETERS = 32;

  /** Longest custom parameter value (a token fits comfortably). */
  public static final int MAX_PARAMETER_CHARS = 4096;

  /** Longest mark name accepted back from the provider. */
  public static final int MAX_MARK_CHARS = 256;

  private static final String DTMF_DIGITS = "0123456789*#ABCD";

  private TelephonyFrames() {}

  /** The event in {@code text}. */
  public static TelephonyEvent read(String text) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new BadTelephonyFrame("not a JSON object");
    }
    Object event = json.getValue("event");
    if (!(event instanceof String name)) {
      throw new BadTelephonyFrame("no event name");
    }
    return switch (name) {
      case "media" -> media(json);
      case "start" -> start(json);
      case "connected" -> new TelephonyEvent.Connected();
      case "dtmf" -> dtmf(json);
      case "mark" -> mark(json);
      case "stop" -> new TelephonyEvent.Stop();
      default -> throw new BadTelephonyFrame("unknown event " + clip(name));
    };
  }

  /** A {@code media} event carrying {@code payload} (base64 G.711) to the provider. */
  public static String media(String streamSid, CharSequence payload) {
    StringBuilder out = new StringBuilder(payload.length() + 96);
    out.append("{\"event\":\"media\",\"streamSid\":");
    appendString(out, streamSid);
    out.append(",\"media\":{\"payload\":\"").append(payload).append("\"}}");
    return out.toString();
  }

  /** A {@code mark} event: the provider echoes it once it has played what was sent before. */
  public static String mark(String streamSid, String name) {
    return new JsonObject()
        .put("event", "mark")
        .put("streamSid", streamSid)
        .put("mark", new JsonObject().put("name", name))
        .encode();
  }

  /** A {@code clear} event: the provider drops the audio it has not played yet. */
  public static String clear(String streamSid) {
    return new JsonObject().put("event", "clear").put("streamSid", streamSid).encode();
  }

  private static TelephonyEvent media(JsonObject json) {
    JsonObject media = object(json, "media");
    Object payload = media.getValue("payload");
    if (!(payload instanceof String text)) {
      throw new BadTelephonyFrame("media.payload must be a base64 string");
    }
    // Providers send numbers as strings ("chunk": "2"); accept either.
    long chunk = number(media.getValue("chunk"), "media.chunk", 1);
    // The timestamp is informative (chunks are ordered by number); some providers leave it out.
    Object stamp = media.getValue("timestamp");
    long timestamp = stamp == null ? 0 : number(stamp, "media.timestamp", 0);
    return new TelephonyEvent.Media(chunk, timestamp, text);
  }

  private static TelephonyEvent start(JsonObject json) {
    JsonObject start = object(json, "start");
    String streamSid = string(start.getValue("streamSid"), json.getValue("streamSid"));
    if (streamSid == null || streamSid.isEmpty() || streamSid.length() > 128) {
      throw new BadTelephonyFrame("start.streamSid must be 1 to 128 characters");
    }
    String callSid = string(start.getValue("callSid"), null);
    Object formatValue = start.getValue("mediaFormat");
    String encoding = "audio/x-mulaw";
    int rate = 8000;
    if (formatValue instanceof JsonObject format) {
      Object enc = format.getValue("encoding");
      if (enc != null) {
        if (!(enc instanceof String e)
            || !(e.equals("audio/x-mulaw") || e.equals("audio/x-alaw"))) {
          throw new BadTelephonyFrame(
              "start.mediaFormat.encoding must be audio/x-mulaw or audio/x-alaw");
        }
        encoding = e;
      }
      Object sampleRate = format.getValue("sampleRate");
      if (sampleRate != null && number(sampleRate, "start.mediaFormat.sampleRate", 1) != 8000) {
        throw new BadTelephonyFrame("start.mediaFormat.sampleRate must be 8000");
      }
      Object channels = format.getValue("channels");
      if (channels != null && number(channels, "start.mediaFormat.channels", 1) != 1) {
        throw new BadTelephonyFrame("start.mediaFormat.channels must be 1");
      }
    } else if (formatValue != null) {
      throw new BadTelephonyFrame("start.mediaFormat must be an object");
    }
    return new TelephonyEvent.Start(streamSid, callSid, encoding, rate, parameters(start));
  }

  private static Map<String, String> parameters(JsonObject start) {
    Object value = start.getValue("customParameters");
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof JsonObject params) || params.size() > MAX_PARAMETERS) {
      throw new BadTelephonyFrame(
          "start.customParameters must be an object of at most " + MAX_PARAMETERS + " strings");
    }
    for (Map.Entry<String, Object> entry : params) {
      if (!(entry.getValue() instanceof String s) || s.length() > MAX_PARAMETER_CHARS) {
        throw new BadTelephonyFrame(
            "start.customParameters."
                + clip(entry.getKey())
                + " must be a string of at most "
                + MAX_PARAMETER_CHARS
                + " characters");
      }
      out.put(entry.getKey(), s);
    }
    return out;
  }

  private static TelephonyEvent dtmf(JsonObject json) {
    Object digit = object(json, "dtmf").getValue("digit");
    if (!(digit instanceof String d) || d.length() != 1 || DTMF_DIGITS.indexOf(d.charAt(0)) < 0) {
      throw new BadTelephonyFrame("dtmf.digit must be one of 0-9, *, #, A-D");
    }
    return new TelephonyEvent.Dtmf(d.charAt(0));
  }

  private static TelephonyEvent mark(JsonObject json) {
    Object name = object(json, "mark").getValue("name");
    if (!(name instanceof String n) || n.length() > MAX_MARK_CHARS) {
      throw new BadTelephonyFrame("mark.name must be a string of at most " + MAX_MARK_CHARS);
    }
    return new TelephonyEvent.Mark(n);
  }

  private static JsonObject object(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (!(value instanceof JsonObject object)) {
      throw new BadTelephonyFrame(field + " must be an object");
    }
    return object;
  }

  private static String string(Object value, Object fallback) {
    if (value instanceof String s) {
      return s;
    }
    return fallback instanceof String s ? s : null;
  }

  private static long number(Object value, String field, long min) {
    long n;
    if (value instanceof Number number && number.doubleValue() == number.longValue()) {
      n = number.longValue();
    } else if (value instanceof String s && !s.isEmpty() && s.length() <= 18 && isDigits(s)) {
      n = Long.parseLong(s);
    } else {
      throw new BadTelephonyFrame(field + " must be a whole number");
    }
    if (n < min) {
      throw new BadTelephonyFrame(field + " must be at least " + min);
    }
    return n;
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static void appendString(StringBuilder out, String value) {
    out.append(Json.encode(value));
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
