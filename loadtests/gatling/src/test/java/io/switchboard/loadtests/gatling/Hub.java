package io.switchboard.loadtests.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The chat WebSocket protocol (Centrifugo client protocol v2, JSON; see docs/protocol.md) as the
 * simulations speak it: commands, how to recognise a command's reply or a message's push in a frame
 * (a frame may hold several newline-separated replies and pushes), and what a connection received
 * while no check was waiting.
 */
final class Hub {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The empty command that answers the hub's {@code {}} ping. */
  static final String PONG = "{}";

  private Hub() {}

  /** Answers the hub's ping: any frame holding an empty {@code {}} line gets {@code {}}. */
  static String autoPong(String frame) {
    return frame.lines().anyMatch(line -> line.trim().equals("{}")) ? PONG : null;
  }

  static String channel(String conversation) {
    return "conversation:" + conversation;
  }

  static String connect(long id, String token) {
    ObjectNode command = command(id);
    command.putObject("connect").put("token", token).put("name", "gatling");
    return command.toString();
  }

  static String subscribe(long id, String channel) {
    ObjectNode command = command(id);
    command.putObject("subscribe").put("channel", channel);
    return command.toString();
  }

  /** Subscribes again from a known position; the reply carries what was missed. */
  static String recover(long id, String channel, long offset, String epoch) {
    ObjectNode command = command(id);
    command
        .putObject("subscribe")
        .put("channel", channel)
        .put("recover", true)
        .put("offset", offset)
        .put("epoch", epoch);
    return command.toString();
  }

  static String publish(long id, String channel, String body, String clientMessageId) {
    ObjectNode command = command(id);
    ObjectNode publish = command.putObject("publish").put("channel", channel);
    publish.putObject("data").put("body", body).put("client_message_id", clientMessageId);
    return command.toString();
  }

  static String typing(long id, String channel) {
    ObjectNode command = command(id);
    ObjectNode rpc = command.putObject("rpc").put("method", "typing");
    rpc.putObject("data").put("channel", channel);
    return command.toString();
  }

  static String read(long id, String channel, long offset) {
    ObjectNode command = command(id);
    ObjectNode rpc = command.putObject("rpc").put("method", "read");
    rpc.putObject("data").put("channel", channel).put("offset", offset);
    return command.toString();
  }

  /** The publications after {@code offset} of {@code epoch}, oldest first. */
  static String history(long id, String channel, long offset, String epoch, int limit) {
    ObjectNode command = command(id);
    ObjectNode history = command.putObject("history").put("channel", channel).put("limit", limit);
    history.putObject("since").put("offset", offset).put("epoch", epoch);
    return command.toString();
  }

  private static ObjectNode command(long id) {
    return JSON.createObjectNode().put("id", id);
  }

  /**
   * The validation of a check whose value is a verdict: "ok" passes; anything else fails the check
   * with the verdict as its message (so the report says what was missing or wrong).
   */
  static String ok(String verdict, Session session) {
    if (!"ok".equals(verdict)) {
      throw new IllegalStateException(String.valueOf(verdict));
    }
    return verdict;
  }

  /** A regex that finds the reply to command {@code id} in a frame. */
  static String replyTo(long id) {
    return "(?m)^\\{\"id\":" + id + ",";
  }

  /**
   * A regex that finds, in a frame, the push of the message with {@code clientMessageId} or an
   * error reply to command {@code id} (so a refused publish fails at once instead of timing out).
   */
  static String pushOrError(String clientMessageId, long id) {
    return "\"client_message_id\":\""
        + Pattern.quote(clientMessageId)
        + "\"|(?m)^\\{\"id\":"
        + id
        + ",\"error\"";
  }

  /** The line of {@code frame} that replies to command {@code id}, parsed; null if none. */
  static JsonNode reply(String frame, long id) {
    for (JsonNode line : lines(frame)) {
      if (line.path("id").asLong(-1) == id) {
        return line;
      }
    }
    return null;
  }

  /**
   * "ok" when {@code frame} holds a reply to command {@code id} that carries {@code kind} (e.g.
   * "rpc"); else the reply itself (an error shows its code and message).
   */
  static String replyOk(String frame, long id, String kind) {
    JsonNode reply = reply(frame, id);
    if (reply == null) {
      return "no reply to " + id;
    }
    return reply.has(kind) ? "ok" : reply.toString();
  }

  /** The epoch a subscribe reply to command {@code id} in {@code frame} reports. */
  static String subscribedEpoch(String frame, long id) {
    JsonNode reply = reply(frame, id);
    return reply == null ? null : reply.path("subscribe").path("epoch").asText(null);
  }

  /** The offset a subscribe reply reports (left out when 0), or -1 when it is no subscribe. */
  static long subscribedOffset(String frame, long id) {
    JsonNode reply = reply(frame, id);
    return reply == null || !reply.has("subscribe")
        ? -1
        : reply.path("subscribe").path("offset").asLong(0);
  }

  /** The offset of the pushed message with {@code clientMessageId} in {@code frame}, or -1. */
  static long pushedOffset(String frame, String clientMessageId) {
    for (JsonNode line : lines(frame)) {
      JsonNode pub = line.path("push").path("pub");
      if (clientMessageId.equals(pub.path("data").path("client_message_id").asText(null))) {
        return pub.path("offset").asLong(-1);
      }
    }
    return -1;
  }

  /** Every JSON line of a frame; a line that is not JSON fails the check that reads it. */
  static List<JsonNode> lines(String frame) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : frame.split("\n")) {
      if (!line.isBlank()) {
        try {
          out.add(JSON.readTree(line));
        } catch (IOException e) {
          throw new IllegalArgumentException("not JSON: " + line, e);
        }
      }
    }
    return out;
  }

  /**
   * Checks a subscribe or history reply's publications: exactly {@code expected} (client message
   * ids, in order) at offsets {@code after+1, after+2, ...}. Answers "ok" or what is wrong.
   */
  static String verifyPublications(JsonNode publications, long after, List<String> expected) {
    List<String> ids = new ArrayList<>();
    long offset = after;
    for (JsonNode pub : publications) {
      long next = pub.path("offset").asLong(-1);
      if (next != offset + 1) {
        return "offset " + next + " follows " + offset + " (expected " + (offset + 1) + ")";
      }
      offset = next;
      ids.add(pub.path("data").path("client_message_id").asText(""));
    }
    return sameMessages(ids, expected);
  }

  /** "ok" when {@code got} equals {@code expected}; else where they part and how. */
  static String sameMessages(List<String> got, List<String> expected) {
    if (got.equals(expected)) {
      return "ok";
    }
    int i = 0;
    while (i < got.size() && i < expected.size() && got.get(i).equals(expected.get(i))) {
      i++;
    }
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(got);
    List<String> extra = new ArrayList<>(got);
    extra.removeAll(expected);
    return "got "
        + got.size()
        + " messages, expected "
        + expected.size()
        + "; first difference at #"
        + i
        + ": got "
        + got.subList(i, Math.min(got.size(), i + 3))
        + ", expected "
        + expected.subList(i, Math.min(expected.size(), i + 3))
        + "; missing "
        + missing
        + ", not expected "
        + extra;
  }

  /**
   * The message pushes one connection received on one channel while no check was waiting on it,
   * gathered from the frames Gatling buffers ({@code ws.processUnmatchedMessages}). Lives in the
   * virtual user's session, which only that user touches.
   */
  static final class Received {

    private final String channel;
    private final TreeMap<Long, String> byOffset = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    Received(String channel) {
      this.channel = channel;
    }

    /** Adds the message pushes in {@code messages}; a second push of an offset is a problem. */
    Received add(List<WsInboundMessage> messages) {
      for (WsInboundMessage message : messages) {
        if (message instanceof WsInboundMessage.Text text) {
          for (JsonNode line : lines(text.message())) {
            JsonNode push = line.path("push");
            JsonNode pub = push.path("pub");
            if (!channel.equals(push.path("channel").asText())
                || !"message".equals(pub.path("data").path("type").asText())) {
              continue;
            }
            long offset = pub.path("offset").asLong(-1);
            String id = pub.path("data").path("client_message_id").asText("");
            String before = byOffset.put(offset, id);
            if (before != null) {
              problems.add("offset " + offset + " pushed twice (" + before + ", " + id + ")");
            }
          }
        }
      }
      return this;
    }

    /** "ok" when the message with {@code clientMessageId} was pushed and none twice. */
    String got(String clientMessageId) {
      if (!problems.isEmpty()) {
        return String.join("; ", problems);
      }
      return byOffset.containsValue(clientMessageId)
          ? "ok"
          : "no push of " + clientMessageId + " (got " + byOffset.values() + ")";
    }

    int count() {
      return byOffset.size();
    }

    long lastOffset(long fallback) {
      return byOffset.isEmpty() ? fallback : byOffset.lastKey();
    }

    /**
     * "ok" when exactly {@code expected} (in order) arrived at offsets {@code after+1, ...}, each
     * once; else what is wrong.
     */
    String verify(long after, List<String> expected) {
      if (!problems.isEmpty()) {
        return String.join("; ", problems);
      }
      List<String> ids = new ArrayList<>();
      long offset = after;
      for (Map.Entry<Long, String> entry : byOffset.entrySet()) {
        if (entry.getKey() != offset + 1) {
          return "pushed offset " + entry.getKey() + " follows " + offset;
        }
        offset = entry.getKey();
        ids.add(entry.getValue());
      }
      if (!ids.equals(expected)) {
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(ids);
        return "pushes " + ids.size() + " of " + expected.size() + ", missing " + missing;
      }
      return "ok";
    }

    /** Forgets what arrived (after a reconnect, recovery takes over). */
    void clear() {
      byOffset.clear();
      problems.clear();
    }

    /** The {@link Received} kept under {@code key}, made on first use. */
    static Received of(Session session, String key, String channel) {
      return session.contains(key) ? (Received) session.get(key) : new Received(channel);
    }
  }
}
