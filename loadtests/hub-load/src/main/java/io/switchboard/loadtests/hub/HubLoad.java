package io.switchboard.loadtests.hub;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The chat hub's load client. Modes: {@code seed} (tenant data over REST), {@code fanout}
 * (subscribers and publishers, delivered messages and latency), {@code publish} (stored and
 * acknowledged publishes, no subscribers) and {@code idle} (connections held open). The last line
 * of output of every mode is one {@code RESULT key=value ...} line for the benchmark script.
 *
 * <pre>
 * java -jar hub-load.jar fanout --port 18090 --secret S --tenant bench \
 *   --conversations-file ids.txt --subscribers 2000 --publishers 20 --rate 0 --duration 30
 * </pre>
 */
public final class HubLoad {

  private static final int MAX_SOCKETS = 100_000;

  private HubLoad() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    String host = options.string("host", "127.0.0.1");
    int port = options.integer("port", 8080);
    Tokens tokens = new Tokens(options.required("secret"), options.string("tenant", "bench"));
    Vertx vertx =
        Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.integer("event-loops", 1)));
    try {
      String result;
      if (options.mode().equals("seed")) {
        result =
            new Seed(
                    vertx.createHttpClient(new HttpClientOptions(), new PoolOptions()),
                    host,
                    port,
                    tokens,
                    options)
                .run();
      } else {
        WebSocketClient client =
            vertx.createWebSocketClient(
                new WebSocketClientOptions()
                    .setMaxConnections(MAX_SOCKETS)
                    .setConnectTimeout(30_000));
        WebSocketConnectOptions target =
            new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/ws");
        List<String> conversations =
            Files.readAllLines(Path.of(options.required("conversations-file"))).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty())
                .collect(Collectors.toList());
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
}
