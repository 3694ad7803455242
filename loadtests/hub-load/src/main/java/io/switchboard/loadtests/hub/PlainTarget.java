package io.switchboard.loadtests.hub;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;

/**
 * The reference servers of the comparison (Node {@code ws}, nginx with Nchan, bare Vert.x): a
 * WebSocket at {@code /sub/<channel>} receives every body posted to {@code /pub/<channel>} as one
 * text message, and nothing else.
 */
final class PlainTarget implements BroadcastTarget {

  private final HttpClient http;
  private final String host;
  private final int port;

  PlainTarget(HttpClient http, String host, int port) {
    this.http = http;
    this.host = host;
    this.port = port;
  }

  @Override
  public String channel(int index) {
    return "fan-" + index;
  }

  @Override
  public SweepSocket subscribe(int index, String channel, Publications sink) throws IOException {
    SweepSocket socket = SweepSocket.open(host, port, "/sub/" + channel);
    socket.sink((self, data, start, end) -> sink.publication(data, start, end));
    return socket;
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
