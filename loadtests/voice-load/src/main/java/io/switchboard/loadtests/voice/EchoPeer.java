package io.switchboard.loadtests.voice;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * The ceiling for the telephony benchmark: a bare Vert.x server that takes the same media streams
 * at {@code /voice/telephony}, parses each event, echoes it back, and measures each frame's delay
 * against the stream's schedule as the node does, published under the node's metric name at {@code
 * /metrics}. What the load client measures against it is what the client and the loopback cost with
 * no voice processing at all. {@code java -cp voice-load.jar ...EchoPeer PORT}.
 */
public final class EchoPeer {

  private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(TelephonyCaller.FRAME_MS);

  private final Histogram delays = new SynchronizedHistogram(ClientLoops.HIGHEST_MICROS, 3);
  private final LongAdder delaySumMicros = new LongAdder();
  private final LongAdder active = new LongAdder();

  private EchoPeer() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18097;
    int instances = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    EchoPeer peer = new EchoPeer();
    vertx
        .deployVerticle(() -> peer.new Front(port), new DeploymentOptions().setInstances(instances))
        .await();
    System.err.println("echo peer on port " + port);
  }

  /** One event loop's HTTP server (they share the port). */
  private final class Front extends VerticleBase {
    private final int port;

    Front(int port) {
      this.port = port;
    }

    @Override
    public Future<?> start() {
      return vertx
          .createHttpServer()
          .webSocketHandler(this::stream)
          .requestHandler(this::metrics)
          .listen(port);
    }

    private void stream(ServerWebSocket socket) {
      active.increment();
      long[] first = {-1, 0};
      socket.closeHandler(v -> active.decrement());
      socket.textMessageHandler(
          text -> {
            JsonObject event = new JsonObject(text);
            if ("media".equals(event.getString("event"))) {
              long chunk = Long.parseLong(event.getJsonObject("media").getString("chunk"));
              long now = System.nanoTime();
              if (first[0] < 0) {
                first[0] = chunk;
                first[1] = now;
              }
              long late =
                  Math.max(
                      0,
                      TimeUnit.NANOSECONDS.toMicros(
                          now - first[1] - (chunk - first[0]) * FRAME_NANOS));
              delays.recordValue(Math.min(late, delays.getHighestTrackableValue()));
              delaySumMicros.add(late);
            }
            socket.writeTextMessage(text);
          });
    }

    private void metrics(HttpServerRequest request) {
      if (!"/metrics".equals(request.path())) {
        // Any other request (the client's tenant check) succeeds: the peer has no tenants.
        request.response().end("{}");
        return;
      }
      String name = ServerMetrics.FRAME_DELAY;
      StringBuilder out = new StringBuilder();
      for (String q : new String[] {"0.5", "0.99", "0.999"}) {
        double seconds = delays.getValueAtPercentile(Double.parseDouble(q) * 100) / 1e6;
        out.append(String.format(Locale.ROOT, "%s{quantile=\"%s\"} %f%n", name, q, seconds));
      }
      out.append(name).append("_count ").append(delays.getTotalCount()).append('\n');
      out.append(name).append("_sum ").append(delaySumMicros.sum() / 1e6).append('\n');
      out.append(ServerMetrics.CALLS_ACTIVE).append(' ').append(active.sum()).append('\n');
      request.response().end(out.toString());
    }
  }
}
