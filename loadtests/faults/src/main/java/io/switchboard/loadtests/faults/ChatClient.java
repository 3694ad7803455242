package io.switchboard.loadtests.faults;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One customer or agent on the chat WebSocket (JSON protocol), subscribed to its conversation. It
 * records every message it receives, live or recovered; a publisher also sends messages with known
 * {@code client_message_id}s, one at a time, retrying the same id until it is acknowledged. When
 * its connection goes it reconnects to the next node and subscribes with recovery from its last
 * offset, paging {@code history} when the hub says recovery was impossible.
 */
final class ChatClient {

  /** How a publisher sends: the SDK's {@code publish}, or the {@code send} rpc. */
  enum Method {
    PUBLISH,
    SEND_RPC,
    NONE
  }

  private static final long REPLY_TIMEOUT_MS = 15_000;
  private static final long RECONNECT_DELAY_MS = 300;
  private static final int HISTORY_PAGE = 100;
  private static final int MAX_HISTORY_PAGES = 100;

  private final Vertx vertx;
  private final WebSocketClient sockets;
  private final List<Integer> ports;
  private final String user;
  private final String token;
  private final String channel;
  private final Method method;
  private final long intervalMs;
  private final Ledger ledger;

  private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> ackTimes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> subscribeTimes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> lossTimes = new ConcurrentLinkedQueue<>();
  private final Map<Long, Consumer<JsonObject>> pending = new HashMap<>();
  private final Map<String, Long> firstSent = new HashMap<>();

  private int node;
  private WebSocket socket;
  private boolean subscribed;
  private boolean stopped;
  private boolean closingAfterError;
  private volatile boolean publishing;
  private String epoch;
  private long lastOffset = -1;
  private long nextCommand = 1;
  private int sequence;
  private String unacked;
  private boolean inFlight;
  private long timer = -1;

  ChatClient(
      Vertx vertx,
      WebSocketClient sockets,
      List<Integer> ports,
      int node,
      String user,
      String token,
      String channel,
      Method method,
      long intervalMs,
      Ledger ledger) {
    this.vertx = vertx;
    this.sockets = sockets;
    this.ports = ports;
    this.node = node;
    this.user = user;
    this.token = token;
    this.channel = channel;
    this.method = method;
    this.intervalMs = intervalMs;
    this.ledger = ledger;
  }

  String channel() {
    return channel;
  }

  boolean publisher() {
    return method != Method.NONE;
  }

  synchronized void start() {
    connect();
    if (publisher()) {
      timer = vertx.setPeriodic(intervalMs, t -> tick());
    }
  }

  void publishing(boolean on) {
    publishing = on;
  }

  synchronized boolean subscribed() {
    return subscribed;
  }

  /** True while a message this client sent has not been acknowledged. */
  synchronized boolean owesAck() {
    return unacked != null;
  }

  synchronized void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    if (socket != null) {
      socket.close();
    }
  }

  /** How often each message id was received (live or recovered). */
  Map<String, Integer> received() {
    Map<String, Integer> copy = new HashMap<>();
    received.forEach((id, count) -> copy.put(id, count.get()));
    return copy;
  }

  /** The first acknowledgement at or after {@code since}, or -1. */
  long firstAckSince(long since) {
    return ackTimes.stream().filter(t -> t >= since).min(Long::compare).orElse(-1L);
  }

  /** When this client's connection was lost at or after {@code since}, the first time, or -1. */
  long firstLossSince(long since) {
    return lossTimes.stream().filter(t -> t >= since).min(Long::compare).orElse(-1L);
  }

  /** The first successful subscribe at or after {@code since}, or -1. */
  long firstSubscribeSince(long since) {
    return subscribeTimes.stream().filter(t -> t >= since).min(Long::compare).orElse(-1L);
  }

  private synchronized void connect() {
    if (stopped) {
      return;
    }
    int port = ports.get(node);
    sockets
        .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
        .onComplete(
            result -> {
              if (result.failed()) {
                ledger.told("connect failed (node down)");
                retryOnNextNode();
              } else {
                opened(result.result());
              }
            });
  }

  private synchronized void opened(WebSocket ws) {
    if (stopped) {
      ws.close();
      return;
    }
    socket = ws;
    ws.handler(frame -> frame(ws, frame));
    ws.closeHandler(v -> closed(ws));
    command(
        "connect",
        new JsonObject().put("token", token),
        reply -> {
          if (reply.containsKey("error")) {
            giveUp(ws);
          } else {
            subscribe(ws);
          }
        });
  }

  private synchronized void subscribe(WebSocket ws) {
    JsonObject params = new JsonObject().put("channel", channel);
    long position = lastOffset;
    if (epoch != null) {
      params.put("recover", true).put("epoch", epoch).put("offset", lastOffset);
    }
    command(
        "subscribe",
        params,
        reply -> {
          if (reply.containsKey("error")) {
            giveUp(ws);
            return;
          }
          JsonObject result = reply.getJsonObject("subscribe");
          JsonArray recovered = result.getJsonArray("publications", new JsonArray());
          for (int i = 0; i < recovered.size(); i++) {
            publication(recovered.getJsonObject(i));
          }
          long top = result.getLong("offset", 0L);
          String previousEpoch = epoch;
          epoch = result.getString("epoch");
          if (previousEpoch != null && !result.getBoolean("recovered", false)) {
            ledger.told("subscribe: recovered=false, paging history");
            page(ws, position, top, 0);
          }
          if (lastOffset < 0 || previousEpoch == null) {
            lastOffset = Math.max(lastOffset, top);
          }
          subscribed = true;
          subscribeTimes.add(System.currentTimeMillis());
        });
  }

  /** Pages {@code history} after {@code from} up to {@code to}, where live pushes begin. */
  private synchronized void page(WebSocket ws, long from, long to, int pages) {
    if (from >= to || pages >= MAX_HISTORY_PAGES) {
      return;
    }
    JsonObject params =
        new JsonObject()
            .put("channel", channel)
            .put("limit", HISTORY_PAGE)
            .put("since", new JsonObject().put("offset", from).put("epoch", epoch));
    command(
        "history",
        params,
        reply -> {
          if (reply.containsKey("error")) {
            return;
          }
          JsonArray publications =
              reply.getJsonObject("history").getJsonArray("publications", new JsonArray());
          long last = from;
          for (int i = 0; i < publications.size(); i++) {
            JsonObject publication = publications.getJsonObject(i);
            long offset = publication.getLong("offset", 0L);
            if (offset > from && offset <= to) {
              publication(publication);
            }
            last = Math.max(last, offset);
          }
          if (!publications.isEmpty()) {
            page(ws, last, to, pages + 1);
          }
        });
  }

  private synchronized void tick() {
    if (!publishing || !subscribed || inFlight || socket == null) {
      return;
    }
    if (unacked == null) {
      unacked = ledger.phase() + "/" + user + "/" + (++sequence);
    }
    String id = unacked;
    inFlight = true;
    firstSent.putIfAbsent(id, System.currentTimeMillis());
    String body = "message " + id;
    String name = method == Method.PUBLISH ? "publish" : "rpc";
    JsonObject data = new JsonObject().put("body", body).put("client_message_id", id);
    JsonObject params =
        method == Method.PUBLISH
            ? new JsonObject().put("channel", channel).put("data", data)
            : new JsonObject()
                .put("method", "send")
                .put("data", data.copy().put("channel", channel));
    command(
        name,
        params,
        reply -> {
          inFlight = false;
          if (reply.containsKey("error") || !id.equals(unacked)) {
            return;
          }
          long offset =
              method == Method.SEND_RPC
                  ? reply.getJsonObject("rpc").getJsonObject("data").getLong("offset", 0L)
                  : 0L;
          ledger.acked(id, channel, offset);
          ackTimes.add(System.currentTimeMillis());
          unacked = null;
        });
  }

  /**
   * Sends a command; {@code onReply} gets the whole reply (with {@code error} when it failed), or a
   * reply holding only an error of code -1 when none came in time or the connection closed.
   */
  private synchronized void command(String name, JsonObject params, Consumer<JsonObject> onReply) {
    long id = nextCommand++;
    WebSocket ws = socket;
    pending.put(id, onReply);
    long timeout =
        vertx.setTimer(
            REPLY_TIMEOUT_MS,
            t -> {
              if (forget(id)) {
                ledger.told("no reply to " + name + " within 15 s");
                onReply.accept(failure());
              }
            });
    pending.put(
        id,
        reply -> {
          vertx.cancelTimer(timeout);
          JsonObject error = reply.getJsonObject("error");
          if (error != null && error.getInteger("code", 0) > 0) {
            ledger.told("error " + error.getInteger("code") + " on " + name);
          }
          onReply.accept(reply);
        });
    ws.writeTextMessage(new JsonObject().put("id", id).put(name, params).encode())
        .onFailure(
            failure -> {
              Consumer<JsonObject> handler = take(id);
              if (handler != null) {
                handler.accept(failure());
              }
            });
  }

  private synchronized boolean forget(long id) {
    return pending.remove(id) != null;
  }

  private synchronized Consumer<JsonObject> take(long id) {
    return pending.remove(id);
  }

  private static JsonObject failure() {
    return new JsonObject().put("error", new JsonObject().put("code", -1));
  }

  private void frame(WebSocket ws, Buffer frame) {
    for (String line : frame.toString().split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.equals("{}")) {
        ws.writeTextMessage("{}");
        continue;
      }
      line(new JsonObject(line));
    }
  }

  private synchronized void line(JsonObject message) {
    JsonObject push = message.getJsonObject("push");
    if (push != null) {
      if (push.containsKey("pub") && channel.equals(push.getString("channel"))) {
        publication(push.getJsonObject("pub"));
      } else if (push.containsKey("unsubscribe") || push.containsKey("disconnect")) {
        ledger.told("push " + push.fieldNames());
      }
      return;
    }
    Consumer<JsonObject> handler = pending.remove(message.getLong("id", 0L));
    if (handler != null) {
      handler.accept(message);
    }
  }

  private void publication(JsonObject publication) {
    long offset = publication.getLong("offset", 0L);
    JsonObject data = publication.getJsonObject("data");
    if (offset > 0) {
      lastOffset = Math.max(lastOffset, offset);
    }
    if (data != null && "message".equals(data.getString("type"))) {
      String id = data.getString("client_message_id");
      if (id != null) {
        int copies = received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        Long sent = firstSent.remove(id);
        if (copies == 1 && sent != null) {
          ledger.latency(System.currentTimeMillis() - sent);
        }
      }
    }
  }

  /**
   * Drops the connection from the client's side and comes back on the next node with recovery, as a
   * browser that lost its network for a moment does.
   */
  synchronized void reconnect() {
    if (socket != null) {
      giveUp(socket);
    }
  }

  /** A connect or subscribe that failed: this client closes and tries again, as the SDKs do. */
  private synchronized void giveUp(WebSocket ws) {
    if (ws == socket) {
      closingAfterError = true;
      ws.close();
    }
  }

  private synchronized void closed(WebSocket ws) {
    if (ws != socket) {
      return;
    }
    Short code = ws.closeStatusCode();
    if (closingAfterError) {
      closingAfterError = false;
      lossTimes.add(System.currentTimeMillis());
    } else if (!stopped) {
      ledger.told(code == null ? "close 1006 (no close frame)" : "close " + code);
      lossTimes.add(System.currentTimeMillis());
    }
    socket = null;
    subscribed = false;
    inFlight = false;
    List<Consumer<JsonObject>> waiting = new ArrayList<>(pending.values());
    pending.clear();
    waiting.forEach(handler -> handler.accept(failure()));
    retryOnNextNode();
  }

  private synchronized void retryOnNextNode() {
    if (stopped) {
      return;
    }
    node = (node + 1) % ports.size();
    vertx.setTimer(RECONNECT_DELAY_MS, t -> connect());
  }
}
