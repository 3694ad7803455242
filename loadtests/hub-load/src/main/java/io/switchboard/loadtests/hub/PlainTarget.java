package io.switchboard.loadtests.hub;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;

/**
 * The reference servers of the comparison (Node {@code ws}, nginx with Nchan, bare Vert.x): a
 * WebSocket at {@code /sub/<channel>} receives every body posted to {@code /pub/<channel>} as one
 * text message, and nothing else.
 */
final class PlainTarget implements BroadcastTarget {

  private final NetClient sockets;
  private final HttpClient http;
  private final String host;
  private final int port;

  PlainTarget(NetClient sockets, HttpClient http, String host, int port) {
    this.sockets = sockets;
    this.http = http;
    this.host = host;
    this.port = port;
  }

  @Override
  public String channel(int index) {
    return "fan-" + index;
  }

  @Override
  public Future<Void> subscribe(int index, String channel, HubConnection.PushSink sink) {
    return RawWebSocket.open(sockets, host, port, "/sub/" + channel, sink::push).mapEmpty();
  }

  @Override
  public Future<Void> publish(String channel, String body) {
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(host)
            .setPort(port)
            .setURI("/pub/" + channel)
            .putHeader("Content-Type", "text/plain");
    return http.request(request)
        .compose(call -> call.send(body))
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        text ->
                            response.statusCode() / 100 == 2
                                ? Future.<Void>succeededFuture()
                                : Future.failedFuture(
                                    BroadcastTarget.refused(response.statusCode(), text))));
  }
}
