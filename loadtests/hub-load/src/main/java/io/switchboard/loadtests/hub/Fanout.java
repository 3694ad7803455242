package io.switchboard.loadtests.hub;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Fan-out and publish load: subscribers spread over conversations count the message pushes they
 * receive, and one in {@code --sample} reads the send time the publisher wrote into the body to
 * measure publish-to-delivery latency; publishers publish at {@code --rate} messages per second in
 * all ({@code 0}: as fast as acknowledgements come back, {@code --window} in flight each).
 */
final class Fanout {

  private static final long TICK_MS = 5;
  private static final long DRAIN_MS = 15_000;
  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);
  private static final byte[] PUB_FIELD = "\"pub\":".getBytes();

  private final Vertx vertx;
  private final WebSocketClient client;
  private final WebSocketConnectOptions target;
  private final Tokens tokens;
  private final List<Conversation> conversations;
  private final String runId;
  private final int subscriberCount;
  private final int publisherCount;
  private final double rate;
  private final int window;
  private final int maxInFlight;
  private final int sample;
  private final int bodyBytes;
  private final int warmupSeconds;
  private final int durationSeconds;
  private final int connectConcurrency;

  private final List<HubConnection> subscribers = new ArrayList<>();
  private final List<Publisher> publishers = new ArrayList<>();
  private final List<int[]> conversationsByTenant = new ArrayList<>();
  private final int[] subscribersOf;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder deliveredBytes = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final AtomicLong expected = new AtomicLong();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Histogram latency = new SynchronizedHistogram(HIGHEST_MICROS, 3);
  private final Histogram ackLatency = new SynchronizedHistogram(HIGHEST_MICROS, 3);
  private volatile boolean publishing;
  private long sampleCounter;
  private long sequence;
  private long inFlight;

  Fanout(
      Vertx vertx,
      WebSocketClient client,
      WebSocketConnectOptions target,
      Tokens tokens,
      List<Conversation> conversations,
      Options options,
      int defaultSubscribers) {
    this.vertx = vertx;
    this.client = client;
    this.target = target;
    this.tokens = tokens;
    this.conversations = conversations;
    this.runId = options.string("run", options.mode());
    this.subscriberCount = options.integer("subscribers", defaultSubscribers);
    this.publisherCount = options.integer("publishers", 20);
    this.rate = options.decimal("rate", 0);
    this.window = options.integer("window", 4);
    this.maxInFlight = options.integer("max-in-flight", 200);
    this.sample = options.integer("sample", 50);
    this.bodyBytes = options.integer("body-bytes", 100);
    this.warmupSeconds = options.integer("warmup", 10);
    this.durationSeconds = options.integer("duration", 30);
    this.connectConcurrency = options.integer("connect-concurrency", 64);
    this.subscribersOf = new int[conversations.size()];
    Map<String, List<Integer>> byTenant = new LinkedHashMap<>();
    for (int i = 0; i < conversations.size(); i++) {
      byTenant.computeIfAbsent(conversations.get(i).tenant(), t -> new ArrayList<>()).add(i);
    }
    byTenant
        .values()
        .forEach(ids -> conversationsByTenant.add(ids.stream().mapToInt(i -> i).toArray()));
  }

  /** A publisher's connection and the conversations of its tenant, which it publishes into. */
  private record Publisher(HubConnection connection, int[] conversations) {}

  /** Connects, publishes for the warm-up and the measured duration, drains, and reports. */
  String run() throws InterruptedException {
    long connectStart = System.nanoTime();
    Pacing.inParallel(subscriberCount, connectConcurrency, this::openSubscriber).await();
    Pacing.inParallel(publisherCount, connectConcurrency, this::openPublisher).await();
    int subscribed = 0;
    for (int count : subscribersOf) {
      subscribed += count;
    }
    System.err.printf(
        "%s: %d of %d subscribers and %d of %d publishers ready in %d ms%n",
        runId,
        subscribed,
        subscriberCount,
        publishers.size(),
        publisherCount,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectStart));
    Thread.sleep(1000); // join pushes of the last subscriptions settle before counting

    publishing = true;
    vertx.runOnContext(v -> startPublishing());
    Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds));
    latency.reset();
    ackLatency.reset();
    long deliveredBefore = delivered.sum();
    long bytesBefore = deliveredBytes.sum();
    long ackedBefore = acked.sum();
    long start = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(durationSeconds));
    double seconds = (System.nanoTime() - start) / 1e9;
    long deliveredInWindow = delivered.sum() - deliveredBefore;
    long bytesInWindow = deliveredBytes.sum() - bytesBefore;
    long ackedInWindow = acked.sum() - ackedBefore;
    Histogram latencySnapshot = latency.copy();
    Histogram ackSnapshot = ackLatency.copy();
    publishing = false;

    long drainUntil = System.currentTimeMillis() + DRAIN_MS;
    while (System.currentTimeMillis() < drainUntil
        && (inFlightNow() > 0 || delivered.sum() < expected.get())) {
      Thread.sleep(100);
    }
    long lost = expected.get() - delivered.sum();
    Map<String, Long> errorCounts = new TreeMap<>();
    errors.forEach((code, count) -> errorCounts.put(code, count.sum()));

    return String.format(
        "RESULT run=%s subscribers=%d publishers=%d conversations=%d rate=%.0f seconds=%.1f"
            + " acked_per_s=%.1f delivered_per_s=%.1f delivered_mib_per_s=%.2f"
            + " p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f samples=%d"
            + " ack_p50_ms=%.2f ack_p99_ms=%.2f expected=%d delivered_total=%d lost=%d"
            + " skipped=%d errors=%s",
        runId,
        subscribed,
        publishers.size(),
        conversations.size(),
        rate,
        seconds,
        ackedInWindow / seconds,
        deliveredInWindow / seconds,
        bytesInWindow / seconds / (1024 * 1024),
        millis(latencySnapshot, 50),
        millis(latencySnapshot, 99),
        millis(latencySnapshot, 99.9),
        latencySnapshot.getMaxValue() / 1000.0,
        latencySnapshot.getTotalCount(),
        millis(ackSnapshot, 50),
        millis(ackSnapshot, 99),
        expected.get(),
        delivered.sum(),
        lost,
        skipped.sum(),
        errorCounts.isEmpty() ? "none" : errorCounts.toString().replace(" ", ""));
  }

  private Future<?> openSubscriber(int index) {
    int conversation = index % conversations.size();
    HubConnection connection = new HubConnection(this::push);
    return connection
        .open(
            client,
            target,
            tokens.mint(
                runId + "-sub-" + index, "supervisor", conversations.get(conversation).tenant()))
        .compose(connected -> connection.subscribe(channel(conversation)))
        .onSuccess(
            subscribed -> {
              synchronized (subscribersOf) {
                subscribersOf[conversation]++;
                subscribers.add(connection);
              }
            })
        .onFailure(failure -> error("subscribe", failure));
  }

  private Future<?> openPublisher(int index) {
    HubConnection connection = new HubConnection((frame, start, end) -> {});
    int[] ofTenant = conversationsByTenant.get(index % conversationsByTenant.size());
    String tenant = conversations.get(ofTenant[0]).tenant();
    return connection
        .open(client, target, tokens.mint(runId + "-pub-" + index, "supervisor", tenant))
        .onSuccess(
            connected -> {
              synchronized (publishers) {
                publishers.add(new Publisher(connection, ofTenant));
              }
            })
        .onFailure(failure -> error("connect", failure));
  }

  private void startPublishing() {
    if (publishers.isEmpty()) {
      return;
    }
    if (rate <= 0) {
      for (Publisher publisher : publishers) {
        for (int i = 0; i < window; i++) {
          publishFrom(publisher);
        }
      }
      return;
    }
    Pacing.atRate(
        vertx,
        TICK_MS,
        rate,
        () -> publishing,
        n -> {
          if (inFlight >= maxInFlight) {
            skipped.increment();
          } else {
            publishFrom(publishers.get((int) (n % publishers.size())));
          }
        });
  }

  private void publishFrom(Publisher publisher) {
    int[] mine = publisher.conversations();
    int conversation = mine[(int) (sequence++ % mine.length)];
    long id = publisher.connection().takeId();
    long sentAt = System.nanoTime();
    StringBuilder body = new StringBuilder(bodyBytes).append("ts=").append(sentAt).append(';');
    while (body.length() < bodyBytes) {
      body.append('x');
    }
    String command =
        "{\"id\":"
            + id
            + ",\"publish\":{\"channel\":\""
            + channel(conversation)
            + "\",\"data\":{\"body\":\""
            + body
            + "\"}}}";
    inFlight++;
    publisher
        .connection()
        .send(id, command)
        .onComplete(
            result -> {
              inFlight--;
              if (result.succeeded()) {
                acked.increment();
                expected.addAndGet(subscribersOf[conversation]);
                ackLatency.recordValue(
                    Math.min(HIGHEST_MICROS, (System.nanoTime() - sentAt) / 1000));
              } else {
                error("publish", result.cause());
              }
              if (publishing && rate <= 0) {
                publishFrom(publisher);
              }
            });
  }

  private void push(Buffer frame, int start, int end) {
    int pub = indexOf(frame, start, end, PUB_FIELD);
    if (pub < 0) {
      return; // join, leave
    }
    delivered.increment();
    deliveredBytes.add(end - start);
    if (++sampleCounter % sample != 0) {
      return;
    }
    byte[] push = frame.getBytes(pub, end); // one in --sample pushes: the copy does not count
    Bytes.recordLatency(latency, push, 0, push.length);
  }

  private long inFlightNow() {
    long total = 0;
    synchronized (publishers) {
      for (Publisher publisher : publishers) {
        total += publisher.connection().pendingReplies();
      }
    }
    return total;
  }

  private String channel(int conversation) {
    return conversations.get(conversation).channel();
  }

  private void error(String what, Throwable failure) {
    String key =
        failure instanceof HubConnection.ReplyError reply
            ? what + "-" + reply.code
            : what + "-" + failure.getClass().getSimpleName();
    if (errors.computeIfAbsent(key, k -> new LongAdder()).sum() < 3) {
      System.err.println(runId + ": " + what + " failed: " + failure.getMessage());
    }
    errors.get(key).increment();
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  static int indexOf(Buffer frame, int from, int end, byte[] needle) {
    outer:
    for (int i = from; i <= end - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (frame.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
