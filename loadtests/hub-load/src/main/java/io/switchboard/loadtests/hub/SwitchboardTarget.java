package io.switchboard.loadtests.hub;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;

/**
 * Switchboard in the comparison: subscribers are authenticated agents on the chat WebSocket, each
 * subscribed to its own {@code user:} channel (shared by the channel's subscribers, one user with
 * many connections); publications go through the server API ({@code POST /api/v1/hub/publish}, a
 * service token), which keeps each in the channel's Redis window at its offset before fanning it
 * out. That is the hub's path for everything but chat messages, which are also stored in PostgreSQL
 * first (measured on their own by {@code hub.sh}).
 */
final class SwitchboardTarget implements BroadcastTarget {

  private static final byte[] PUB_FIELD = "\"pub\":".getBytes();

  private final NetClient sockets;
  private final HttpClient http;
  private final Tokens tokens;
  private final String runId;
  private final String host;
  private final int port;
  private final String serviceToken;

  SwitchboardTarget(
      NetClient sockets, HttpClient http, String host, int port, Tokens tokens, String runId) {
    this.sockets = sockets;
    this.http = http;
    this.tokens = tokens;
    this.runId = runId;
    this.host = host;
    this.port = port;
    this.serviceToken = tokens.mint(runId + "-publisher", "service");
  }

  @Override
  public String channel(int index) {
    return "user:" + user(index);
  }

  @Override
  public Future<Void> subscribe(int index, String channel, HubConnection.PushSink sink) {
    String user = channel.substring("user:".length());
    Subscriber subscriber = new Subscriber(sink);
    return RawWebSocket.open(sockets, host, port, "/ws", subscriber::frame)
        .compose(
            socket -> {
              subscriber.socket = socket;
              return subscriber.command(
                  "{\"id\":1,\"connect\":{\"token\":\"" + tokens.mint(user, "agent") + "\"}}");
            })
        .compose(
            connected ->
                subscriber.command("{\"id\":2,\"subscribe\":{\"channel\":\"" + channel + "\"}}"));
  }

  /**
   * One subscriber on the raw socket: answers pings, hands publication lines to the sink, and
   * completes each command when its reply line comes (one command at a time).
   */
  private static final class Subscriber {
    private static final byte[] REPLY = "{\"id\":".getBytes();
    private static final byte[] ERROR = "\"error\"".getBytes();

    private final HubConnection.PushSink sink;
    private RawWebSocket socket;
    private Promise<Void> reply;

    Subscriber(HubConnection.PushSink sink) {
      this.sink = sink;
    }

    Future<Void> command(String json) {
      reply = Promise.promise();
      socket.sendText(json);
      return reply.future();
    }

    void frame(Buffer data, int start, int end) {
      int lineStart = start;
      while (lineStart < end) {
        int lineEnd = lineStart;
        while (lineEnd < end && data.getByte(lineEnd) != '\n') {
          lineEnd++;
        }
        line(data, lineStart, lineEnd);
        lineStart = lineEnd + 1;
      }
    }

    private void line(Buffer data, int start, int end) {
      if (end - start == 2 && data.getByte(start) == '{' && data.getByte(start + 1) == '}') {
        socket.sendText("{}");
      } else if (HubConnection.startsWith(data, start, end, REPLY)) {
        if (Fanout.indexOf(data, start, end, ERROR) >= 0) {
          reply.tryFail(data.getString(start, end));
        } else {
          reply.tryComplete();
        }
      } else if (Fanout.indexOf(data, start, end, PUB_FIELD) >= 0) {
        sink.push(data, start, end);
      }
    }
  }

  @Override
  public Future<Void> publish(String channel, String body) {
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(host)
            .setPort(port)
            .setURI("/api/v1/hub/publish")
            .putHeader("Authorization", "Bearer " + serviceToken)
            .putHeader("Content-Type", "application/json");
    String json =
        new JsonObject()
            .put("channel", channel)
            .put("data", new JsonObject().put("body", body))
            .encode();
    return http.request(request)
        .compose(call -> call.send(json))
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        text ->
                            response.statusCode() == 200
                                ? Future.<Void>succeededFuture()
                                : Future.failedFuture(
                                    BroadcastTarget.refused(response.statusCode(), text))));
  }

  private String user(int index) {
    return runId + "-fan-" + index;
  }
}
