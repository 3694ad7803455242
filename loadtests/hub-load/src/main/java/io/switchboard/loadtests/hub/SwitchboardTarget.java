package io.switchboard.loadtests.hub;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

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

  private final WebSocketClient sockets;
  private final HttpClient http;
  private final WebSocketConnectOptions endpoint;
  private final Tokens tokens;
  private final String runId;
  private final String host;
  private final int port;
  private final String serviceToken;

  SwitchboardTarget(
      WebSocketClient sockets,
      HttpClient http,
      String host,
      int port,
      Tokens tokens,
      String runId) {
    this.sockets = sockets;
    this.http = http;
    this.endpoint = new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/ws");
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
    HubConnection connection =
        new HubConnection(
            (frame, start, end) -> {
              if (Fanout.indexOf(frame, start, end, PUB_FIELD) >= 0) {
                sink.push(frame, start, end);
              }
            });
    String user = channel.substring("user:".length());
    return connection
        .open(sockets, endpoint, tokens.mint(user, "agent"))
        .compose(connected -> connection.subscribe(channel))
        .mapEmpty();
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
