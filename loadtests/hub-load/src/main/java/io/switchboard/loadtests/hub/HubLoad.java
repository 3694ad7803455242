package io.switchboard.loadtests.hub;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * The chat hub's load client. Modes: {@code seed} (tenant data over REST), {@code fanout}
 * (subscribers and publishers, delivered messages and latency), {@code publish} (stored and
 * acknowledged publishes, no subscribers), {@code idle} (connections held open) and {@code sweep}
 * (the fan-out comparison: the same workload against Switchboard, {@code --target switchboard}, or
 * a reference broadcast server, {@code --target plain}). The last line of output of every mode is
 * one {@code RESULT key=value ...} line for the benchmark scripts.
 *
 * <pre>
 * java -jar hub-load.jar fanout --port 18090 --secret S --tenant bench \
 *   --conversations-file ids.txt --subscribers 2000 --publishers 20 --rate 0 --duration 30
 * java -jar hub-load.jar sweep --target plain --server nchan --port 18092 --channels 20 \
 *   --subscribers 2000 --server-pids 4242
 * </pre>
 */
public final class HubLoad {

  private static final int MAX_SOCKETS = 100_000;

  private HubLoad() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    String host = options.string("host", "127.0.0.1");
    int port = options.integer("port", 8080);
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setPreferNativeTransport(options.string("transport", "epoll").equals("epoll"))
                .setEventLoopPoolSize(options.integer("event-loops", 1)));
    if (!vertx.isNativeTransportEnabled()) {
      System.err.println(
          "native transport unavailable, using NIO: " + vertx.unavailableNativeTransportCause());
    }
    try {
      String result;
      if (options.mode().equals("seed")) {
        result =
            new Seed(
                    vertx.createHttpClient(new HttpClientOptions(), new PoolOptions()),
                    host,
                    port,
                    tokens(options),
                    options)
                .run();
      } else if (options.mode().equals("sweep")) {
        result = new Sweep(vertx, target(vertx, host, port, options), options).run();
      } else {
        Tokens tokens = tokens(options);
        WebSocketClient client = webSockets(vertx);
        WebSocketConnectOptions target =
            new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/ws");
        List<Conversation> conversations =
            Conversation.readAll(
                Path.of(options.required("conversations-file")), options.string("tenant", "bench"));
        switch (options.mode()) {
          case "fanout":
            result = new Fanout(vertx, client, target, tokens, conversations, options, 2000).run();
            break;
          case "publish":
            result = new Fanout(vertx, client, target, tokens, conversations, options, 0).run();
            break;
          case "idle":
            result = new Idle(client, target, tokens, conversations, options).run();
            break;
          default:
            throw new IllegalArgumentException("unknown mode " + options.mode());
        }
      }
      System.out.println(result);
    } finally {
      vertx.close().await();
    }
  }

  private static Tokens tokens(Options options) {
    return new Tokens(options.required("secret"), options.string("tenant", "bench"));
  }

  /** The server the sweep runs against, with its own HTTP client. */
  private static BroadcastTarget target(Vertx vertx, String host, int port, Options options) {
    HttpClient http =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(options.integer("http-connections", 32)));
    String kind = options.string("target", "switchboard");
    switch (kind) {
      case "switchboard":
        return new SwitchboardTarget(
            http, host, port, tokens(options), options.string("run", "sweep"));
      case "plain":
        return new PlainTarget(http, host, port);
      default:
        throw new IllegalArgumentException("--target is switchboard or plain, not " + kind);
    }
  }

  private static WebSocketClient webSockets(Vertx vertx) {
    return vertx.createWebSocketClient(
        new WebSocketClientOptions().setMaxConnections(MAX_SOCKETS).setConnectTimeout(30_000));
  }
}
