package io.switchboard.loadtests.hub;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * The fan-out comparison's workload, the same for every server: {@code --subscribers} WebSockets
 * spread evenly over {@code --channels} channels, publications posted over HTTP at a fixed rate
 * spread round-robin over the channels. The publish rate is swept upwards (doubling from {@code
 * --start-rate}) until the server no longer delivers what is asked of it; the highest delivered
 * rate seen is its maximum. A last run at half that rate measures publish-to-delivery latency.
 *
 * <p>Most subscribers only count what arrives, and their sockets are read in rounds {@code
 * --read-pause-ms} apart, so one read takes several publications; one subscriber in {@code
 * --timed-every} (spread over the channels and over each channel's joining order) is read as soon
 * as anything arrives and times every publication by the send time written into its body. That
 * keeps the client far cheaper than any server. The server's and the client's own CPU and RSS are
 * read from {@code /proc} ({@code --server-pids}).
 */
final class Sweep {

  private static final long TICK_MS = 2;

  /** A step keeps up when at least this share of what its acknowledged publishes owe arrived. */
  private static final double KEEPS_UP = 0.95;

  private final Vertx vertx;
  private final BroadcastTarget target;
  private final String server;
  private final int channelCount;
  private final int subscriberCount;
  private final double startRate;
  private final double maxRate;
  private final int warmupSeconds;
  private final int firstWarmupSeconds;
  private final int durationSeconds;
  private final int latencySeconds;
  private final int bodyBytes;
  private final int timedEvery;
  private final long readPauseMillis;
  private final int maxInFlight;
  private final int connectConcurrency;
  private final ProcessStats serverStats;
  private final ProcessStats selfStats = ProcessStats.of("self");

  private final int[] subscribersOf;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder deliveredBytes = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final AtomicLong expected = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Histogram latency = new SynchronizedHistogram(Bytes.HIGHEST_MICROS, 3);
  private final List<SweepSocket> counting = new ArrayList<>();
  private final List<SweepSocket> timed = new ArrayList<>();
  private volatile boolean publishing;
  private long sequence;

  Sweep(Vertx vertx, BroadcastTarget target, Options options) {
    this.vertx = vertx;
    this.target = target;
    this.server = options.string("server", "server");
    this.channelCount = options.integer("channels", 20);
    this.subscriberCount = options.integer("subscribers", 2000);
    this.startRate = options.decimal("start-rate", 500);
    this.maxRate = options.decimal("max-rate", 256_000);
    this.warmupSeconds = options.integer("warmup", 5);
    // The first step also warms the server up: a JIT compiler sharing the server's one core.
    this.firstWarmupSeconds = options.integer("first-warmup", 20);
    this.durationSeconds = options.integer("duration", 10);
    this.latencySeconds = options.integer("latency-duration", 30);
    this.bodyBytes = options.integer("body-bytes", 100);
    this.timedEvery = options.integer("timed-every", 20);
    this.readPauseMillis = options.integer("read-pause-ms", 100);
    this.maxInFlight = options.integer("max-in-flight", 2000);
    this.connectConcurrency = options.integer("connect-concurrency", 64);
    this.serverStats = ProcessStats.of(options.string("server-pids", ""));
    this.subscribersOf = new int[channelCount];
  }

  /** What one step measured. */
  record Step(
      double rate,
      double ackedPerSecond,
      double deliveredPerSecond,
      double mibPerSecond,
      double ratio,
      long skipped,
      long errors,
      long lost,
      double serverCpuPercent,
      long serverRssKib,
      double clientCpuPercent,
      Histogram latency,
      long windowStartMs,
      long windowEndMs) {

    boolean keptUp() {
      return ratio >= KEEPS_UP && skipped == 0 && errors == 0;
    }

    String line(String label) {
      return String.format(
          "%s rate=%.0f acked_per_s=%.1f delivered_per_s=%.1f delivered_mib_per_s=%.2f"
              + " delivered_ratio=%.3f p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f"
              + " samples=%d skipped=%d errors=%d lost=%d server_cpu_pct=%.1f"
              + " server_rss_kib=%d client_cpu_pct=%.1f kept_up=%s",
          label,
          rate,
          ackedPerSecond,
          deliveredPerSecond,
          mibPerSecond,
          ratio,
          millis(latency, 50),
          millis(latency, 99),
          millis(latency, 99.9),
          latency.getMaxValue() / 1000.0,
          latency.getTotalCount(),
          skipped,
          errors,
          lost,
          serverCpuPercent,
          serverRssKib,
          clientCpuPercent,
          keptUp());
    }
  }

  /** Connects, sweeps, measures latency at half the maximum, and reports. */
  String run() throws InterruptedException, IOException {
    long connectStart = System.nanoTime();
    openSubscribers();
    int subscribed = counting.size() + timed.size();
    System.err.printf(
        "%s: %d of %d subscribers ready in %d ms (%d timed)%n",
        server,
        subscribed,
        subscriberCount,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectStart),
        timed.size());
    if (subscribed < subscriberCount) {
      throw new IllegalStateException(
          "only " + subscribed + " of " + subscriberCount + " subscribers connected: " + errors);
    }
    try (SocketReader countingReader =
            new SocketReader(
                "counting-reader", readPauseMillis, counting, f -> error("subscriber", f));
        SocketReader timedReader =
            new SocketReader("timed-reader", 0, timed, f -> error("subscriber", f))) {
      return sweep(subscribed);
    }
  }

  private String sweep(int subscribed) throws InterruptedException {
    long idleRss = serverStats.isEmpty() ? 0 : serverStats.rssKib();

    List<Step> steps = new ArrayList<>();
    Step best = null;
    double lastKeptUp = 0;
    for (double rate = startRate; rate <= maxRate; rate *= 2) {
      Step step = step(rate, steps.isEmpty() ? firstWarmupSeconds : warmupSeconds, durationSeconds);
      steps.add(step);
      System.err.println(step.line("STEP server=" + server));
      if (best == null || step.deliveredPerSecond > best.deliveredPerSecond) {
        best = step;
      }
      if (!step.keptUp()) {
        break;
      }
      lastKeptUp = rate;
    }
    double perChannel = (double) subscribed / channelCount;
    double halfRate = Math.max(1, Math.round(best.deliveredPerSecond / 2 / perChannel));
    Step half = step(halfRate, warmupSeconds, latencySeconds);
    System.err.println(half.line("HALF server=" + server));

    Map<String, Long> errorCounts = new TreeMap<>();
    errors.forEach((code, count) -> errorCounts.put(code, count.sum()));
    return String.format(
        "RESULT server=%s subscribers=%d timed_subscribers=%d read_pause_ms=%d channels=%d"
            + " body_bytes=%d steps=%d"
            + " max_delivered_per_s=%.1f max_at_rate=%.0f max_kept_up_rate=%.0f"
            + " max_server_cpu_pct=%.1f max_server_rss_kib=%d idle_server_rss_kib=%d"
            + " max_client_cpu_pct=%.1f half_rate=%.0f half_delivered_per_s=%.1f"
            + " half_ratio=%.3f p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f samples=%d"
            + " half_server_cpu_pct=%.1f half_client_cpu_pct=%.1f half_window_start_ms=%d"
            + " half_window_end_ms=%d lost=%d errors=%s",
        server,
        subscribed,
        timed.size(),
        readPauseMillis,
        channelCount,
        bodyBytes,
        steps.size(),
        best.deliveredPerSecond,
        best.rate,
        lastKeptUp,
        best.serverCpuPercent,
        best.serverRssKib,
        idleRss,
        best.clientCpuPercent,
        halfRate,
        half.deliveredPerSecond,
        half.ratio,
        millis(half.latency, 50),
        millis(half.latency, 99),
        millis(half.latency, 99.9),
        half.latency.getMaxValue() / 1000.0,
        half.latency.getTotalCount(),
        half.serverCpuPercent,
        half.clientCpuPercent,
        half.windowStartMs,
        half.windowEndMs,
        expected.get() - delivered.sum(),
        errorCounts.isEmpty() ? "none" : errorCounts.toString().replace(" ", ""));
  }

  /**
   * Publishes at {@code rate} for {@code warmup} and {@code seconds}, then lets deliveries settle.
   */
  private Step step(double rate, int warmup, int seconds) throws InterruptedException {
    long lostBefore = expected.get() - delivered.sum();
    publishing = true;
    vertx.runOnContext(v -> startPublishing(rate));
    Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
    latency.reset();
    long deliveredBefore = delivered.sum();
    long bytesBefore = deliveredBytes.sum();
    long ackedBefore = acked.sum();
    long expectedBefore = expected.get();
    long skippedBefore = skipped.sum();
    long errorsBefore = errorTotal();
    double serverCpuBefore = serverStats.isEmpty() ? 0 : serverStats.cpuSeconds();
    double clientCpuBefore = selfStats.cpuSeconds();
    long start = System.nanoTime();
    long windowStartMs = System.currentTimeMillis();
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    double elapsed = (System.nanoTime() - start) / 1e9;
    long windowEndMs = System.currentTimeMillis();
    long deliveredNow = delivered.sum() - deliveredBefore;
    long bytesNow = deliveredBytes.sum() - bytesBefore;
    long ackedNow = acked.sum() - ackedBefore;
    long owed = expected.get() - expectedBefore;
    double serverCpu = serverStats.isEmpty() ? 0 : serverStats.cpuSeconds() - serverCpuBefore;
    double clientCpu = selfStats.cpuSeconds() - clientCpuBefore;
    long rss = serverStats.isEmpty() ? 0 : serverStats.rssKib();
    Histogram measured = latency.copy();
    publishing = false;
    settle();
    long lost = expected.get() - delivered.sum() - lostBefore;
    return new Step(
        rate,
        ackedNow / elapsed,
        deliveredNow / elapsed,
        bytesNow / elapsed / (1024 * 1024),
        owed == 0 ? 0 : (double) deliveredNow / owed,
        skipped.sum() - skippedBefore,
        errorTotal() - errorsBefore,
        lost,
        100 * serverCpu / elapsed,
        rss,
        100 * clientCpu / elapsed,
        measured,
        windowStartMs,
        windowEndMs);
  }

  /** Waits for the answers to every publish and for deliveries to stop arriving (at most 30 s). */
  private void settle() throws InterruptedException {
    long until = System.currentTimeMillis() + 30_000;
    long last = -1;
    while (System.currentTimeMillis() < until) {
      Thread.sleep(500);
      long now = delivered.sum();
      if (inFlight.get() == 0 && (now >= expected.get() || now == last)) {
        return;
      }
      last = now;
    }
  }

  /** Opens every subscriber, {@code --connect-concurrency} at a time on blocking threads. */
  private void openSubscribers() throws InterruptedException {
    ExecutorService connecting = Executors.newFixedThreadPool(connectConcurrency);
    try {
      List<Future<SweepSocket>> opening = new ArrayList<>();
      for (int index = 0; index < subscriberCount; index++) {
        int subscriber = index;
        opening.add(connecting.submit(() -> openSubscriber(subscriber)));
      }
      for (int index = 0; index < subscriberCount; index++) {
        try {
          SweepSocket socket = opening.get(index).get();
          (isTimed(index) ? timed : counting).add(socket);
          subscribersOf[index % channelCount]++;
        } catch (ExecutionException failure) {
          error("subscribe", failure.getCause());
        }
      }
    } finally {
      connecting.shutdownNow();
    }
  }

  private SweepSocket openSubscriber(int index) throws IOException {
    String channel = target.channel(index % channelCount);
    return isTimed(index)
        ? target.subscribe(index, channel, this::timedPublication)
        : target.subscribe(index, channel, this::countedPublication);
  }

  /** One in {@code --timed-every} of each channel's subscribers, in the order they join it. */
  private boolean isTimed(int index) {
    return index / channelCount % timedEvery == 0;
  }

  private void startPublishing(double rate) {
    Pacing.atRate(
        vertx,
        TICK_MS,
        rate,
        () -> publishing,
        n -> {
          if (inFlight.get() >= maxInFlight) {
            skipped.increment();
          } else {
            publish();
          }
        });
  }

  private void publish() {
    int channel = (int) (sequence++ % channelCount);
    StringBuilder body = new StringBuilder(bodyBytes).append("ts=").append(System.nanoTime());
    body.append(';');
    while (body.length() < bodyBytes) {
      body.append('x');
    }
    inFlight.incrementAndGet();
    target
        .publish(target.channel(channel), body.toString())
        .onComplete(
            result -> {
              inFlight.decrementAndGet();
              if (result.succeeded()) {
                acked.increment();
                expected.addAndGet(subscribersOf[channel]);
              } else {
                error("publish", result.cause());
              }
            });
  }

  private void countedPublication(byte[] data, int start, int end) {
    delivered.increment();
    deliveredBytes.add(end - start);
  }

  private void timedPublication(byte[] data, int start, int end) {
    countedPublication(data, start, end);
    Bytes.recordLatency(latency, data, start, end);
  }

  private long errorTotal() {
    long total = 0;
    for (LongAdder count : errors.values()) {
      total += count.sum();
    }
    return total;
  }

  private void error(String what, Throwable failure) {
    String key = what + "-" + failure.getClass().getSimpleName();
    if (errors.computeIfAbsent(key, k -> new LongAdder()).sum() < 3) {
      System.err.println(server + ": " + what + " failed: " + failure.getMessage());
    }
    errors.get(key).increment();
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }
}
