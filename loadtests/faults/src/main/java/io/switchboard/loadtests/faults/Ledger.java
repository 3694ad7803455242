package io.switchboard.loadtests.faults;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * What the chat clients saw, shared by all of them: each acknowledged message by its {@code
 * client_message_id}, and per phase what clients were told (close codes, error codes, connections
 * refused, replies that never came).
 */
final class Ledger {

  private static final long MAX_LATENCY_MS = 600_000;
  private static final int PRECISION = 3;

  /** One acknowledged message: its phase, conversation channel and stored offset. */
  record Ack(String phase, String channel, long offset, long atMillis) {}

  private final Map<String, Ack> acked = new ConcurrentHashMap<>();
  private final Map<String, Map<String, AtomicInteger>> told = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
  private volatile String phase = "start";

  void phase(String name) {
    phase = name;
  }

  String phase() {
    return phase;
  }

  void acked(String clientMessageId, String channel, long offset) {
    acked.putIfAbsent(
        clientMessageId,
        new Ack(phaseOf(clientMessageId), channel, offset, System.currentTimeMillis()));
  }

  /** Something a client was told (or not told) in the current phase, counted. */
  void told(String what) {
    told.computeIfAbsent(phase, p -> new ConcurrentHashMap<>())
        .computeIfAbsent(what, w -> new AtomicInteger())
        .incrementAndGet();
  }

  /** A publisher saw its own message pushed back {@code millis} after it first sent it. */
  void latency(long millis) {
    Histogram histogram =
        latencies.computeIfAbsent(phase, p -> new Histogram(MAX_LATENCY_MS, PRECISION));
    synchronized (histogram) {
      histogram.recordValue(Math.min(Math.max(millis, 0), MAX_LATENCY_MS));
    }
  }

  /** Publish-to-own-push latency percentile in {@code name}, or -1 with no samples. */
  long latencyPercentile(String name, double percentile) {
    Histogram histogram = latencies.get(name);
    if (histogram == null) {
      return -1;
    }
    synchronized (histogram) {
      return histogram.getTotalCount() == 0 ? -1 : histogram.getValueAtPercentile(percentile);
    }
  }

  Map<String, Ack> ackedIn(String name) {
    Map<String, Ack> result = new TreeMap<>();
    acked.forEach(
        (id, ack) -> {
          if (ack.phase().equals(name)) {
            result.put(id, ack);
          }
        });
    return result;
  }

  Map<String, Integer> toldIn(String name) {
    Map<String, Integer> result = new TreeMap<>();
    told.getOrDefault(name, Map.of()).forEach((what, count) -> result.put(what, count.get()));
    return result;
  }

  /** Message ids start with their phase: {@code <phase>/<user>/<n>}. */
  static String phaseOf(String clientMessageId) {
    int slash = clientMessageId.indexOf('/');
    return slash < 0 ? "" : clientMessageId.substring(0, slash);
  }
}
