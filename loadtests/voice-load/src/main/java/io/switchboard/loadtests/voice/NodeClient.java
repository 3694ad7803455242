package io.switchboard.loadtests.voice;

import io.switchboard.loadtests.hub.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/** The node under load as the client sees it: its telephony endpoint, REST and metrics. */
final class NodeClient {

  /** Path of the telephony media-stream endpoint. */
  static final String TELEPHONY_PATH = "/voice/telephony";

  /** Milliseconds a stream may take to connect. */
  static final int CONNECT_TIMEOUT_MS = 30_000;

  private final LoadSettings settings;
  private final Tokens tokens;
  private final HttpClient http;
  private final WebSocketClient sockets;
  private final String serviceToken;

  NodeClient(Vertx vertx, LoadSettings settings) {
    this.settings = settings;
    this.tokens = new Tokens(settings.secret(), settings.tenant());
    this.http =
        vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS));
    this.sockets =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(Integer.MAX_VALUE)
                .setConnectTimeout(CONNECT_TIMEOUT_MS));
    this.serviceToken = tokens.mint("voice-load-line", "service");
  }

  /** Makes sure the tenant exists: an admin's first REST request creates its row. */
  Future<Void> ensureTenant() {
    return http.request(
            base()
                .setMethod(HttpMethod.GET)
                .setURI("/api/v1/tenant")
                .putHeader("Authorization", "Bearer " + tokens.mint("voice-load-admin", "admin")))
        .compose(request -> request.send())
        .compose(
            response ->
                response.statusCode() == 200
                    ? Future.<Void>succeededFuture()
                    : response
                        .body()
                        .compose(
                            body ->
                                Future.failedFuture(
                                    "GET /api/v1/tenant answered "
                                        + response.statusCode()
                                        + ": "
                                        + body)));
  }

  /** Reads the node's metrics. */
  Future<ServerMetrics> metrics() {
    return ServerMetrics.read(http, base());
  }

  /** Opens {@code caller}'s stream (on the calling context's event loop). */
  Future<TelephonyCaller> open(TelephonyCaller caller) {
    return caller.open(
        sockets,
        new WebSocketConnectOptions()
            .setHost(settings.host())
            .setPort(settings.port())
            .setURI(TELEPHONY_PATH),
        settings.tenant(),
        serviceToken);
  }

  private RequestOptions base() {
    return new RequestOptions().setHost(settings.host()).setPort(settings.port());
  }
}
