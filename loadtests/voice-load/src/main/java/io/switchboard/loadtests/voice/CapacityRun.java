package io.switchboard.loadtests.voice;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Capacity mode: opens the streams over the ramp, holds them all at real-time pacing, reads the
 * node's metrics at the start and end of the steady phase, then hangs up and reports.
 */
final class CapacityRun {

  /** How often the ramp opens the streams that are due. */
  static final long RAMP_TICK_MS = 10;

  /** Time after the ramp before the steady phase, for the last streams' calls to start. */
  static final long SETTLE_MS = 2_000;

  /** Longest wait for every stream to close after the hang-up. */
  static final long CLOSE_WAIT_MS = 10_000;

  private final Vertx vertx;
  private final LoadSettings settings;
  private final NodeClient node;
  private final LineAudio audio;
  private final ClientLoops loops;
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger connectFailed = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private final Map<Integer, LongAdder> earlyCloses = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> connectErrors = new ConcurrentHashMap<>();
  private volatile boolean hangingUp;
  private int opened;

  CapacityRun(
      Vertx vertx, LoadSettings settings, NodeClient node, LineAudio audio, ClientLoops loops) {
    this.vertx = vertx;
    this.settings = settings;
    this.node = node;
    this.audio = audio;
    this.loops = loops;
  }

  /** Runs the ramp, the steady phase and the hang-up; completes with what was measured. */
  Future<RunResult> run() {
    long rampStarted = System.nanoTime();
    return ramp()
        .compose(v -> vertx.timer(SETTLE_MS))
        .compose(v -> loops.resetLateness())
        .compose(v -> node.metrics())
        .compose(
            before -> {
              long framesBefore = loops.framesSent();
              long steadyStarted = System.nanoTime();
              return vertx
                  .timer(settings.seconds() * 1000L)
                  .compose(v -> node.metrics())
                  .map(
                      after ->
                          result(
                              before,
                              after,
                              loops.framesSent() - framesBefore,
                              (System.nanoTime() - steadyStarted) / 1e9,
                              loops.lateness()));
            })
        .compose(result -> hangUp().map(result))
        .map(result -> withCloses(result, (System.nanoTime() - rampStarted) / 1e9));
  }

  private Future<Void> ramp() {
    Promise<Void> done = Promise.promise();
    long start = System.nanoTime();
    long rampNanos = settings.rampSeconds() * 1_000_000_000L;
    vertx.setPeriodic(
        RAMP_TICK_MS,
        timer -> {
          long elapsed = System.nanoTime() - start;
          int due =
              rampNanos == 0
                  ? settings.streams()
                  : (int) Math.min(settings.streams(), settings.streams() * elapsed / rampNanos);
          while (opened < due) {
            openOne(opened++);
          }
          if (opened >= settings.streams()) {
            vertx.cancelTimer(timer);
            done.complete();
          }
        });
    return done.future();
  }

  private void openOne(int i) {
    FramePacer pacer = loops.pacer(i);
    // Each stream starts at another point of the loop so the callers do not speak in chorus.
    long offset = (long) i * 37 % audio.loopLength();
    TelephonyCaller caller = new TelephonyCaller(i, FrameSource.loop(audio, offset));
    caller.onClose(
        () -> {
          closed.incrementAndGet();
          if (!hangingUp) {
            earlyCloses.computeIfAbsent(caller.closeCode(), k -> new LongAdder()).increment();
          }
        });
    pacer
        .context()
        .runOnContext(
            v ->
                node.open(caller)
                    .onSuccess(
                        open -> {
                          connected.incrementAndGet();
                          pacer.add(open);
                        })
                    .onFailure(
                        failure -> {
                          connectFailed.incrementAndGet();
                          connectErrors
                              .computeIfAbsent(reason(failure), k -> new LongAdder())
                              .increment();
                        }));
  }

  private Future<Void> hangUp() {
    hangingUp = true;
    return loops.stop().compose(v -> awaitClosed(System.nanoTime() + CLOSE_WAIT_MS * 1_000_000));
  }

  private Future<Void> awaitClosed(long deadline) {
    if (closed.get() >= connected.get() || System.nanoTime() > deadline) {
      return Future.succeededFuture();
    }
    return vertx.timer(RAMP_TICK_MS * 10).compose(v -> awaitClosed(deadline));
  }

  private RunResult result(
      ServerMetrics before, ServerMetrics after, long frames, double seconds, Histogram late) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("mode", "capacity");
    f.put("label", settings.label());
    f.put("streams", settings.streams());
    f.put("connected", connected.get());
    f.put("connect_failed", connectFailed.get());
    f.put("steady_s", seconds);
    f.put("frames_sent", frames);
    f.put("frames_per_s", frames / seconds);
    f.put("client_late_p50_ms", late.getValueAtPercentile(50) / 1000.0);
    f.put("client_late_p99_ms", late.getValueAtPercentile(99) / 1000.0);
    f.put("client_late_max_ms", late.getMaxValue() / 1000.0);
    String delay = ServerMetrics.FRAME_DELAY;
    String work = ServerMetrics.FRAME_PROCESSING;
    double counted = after.count(delay) - before.count(delay);
    f.put("server_frames", counted);
    f.put("server_delay_mean_ms", (after.sum(delay) - before.sum(delay)) / counted * 1000);
    f.put("server_delay_p50_ms", after.quantileMs(delay, "0.5"));
    f.put("server_delay_p99_ms", after.quantileMs(delay, "0.99"));
    f.put("server_delay_p999_ms", after.quantileMs(delay, "0.999"));
    double worked = after.count(work) - before.count(work);
    f.put("server_processing_mean_ms", (after.sum(work) - before.sum(work)) / worked * 1000);
    f.put("server_processing_p50_ms", after.quantileMs(work, "0.5"));
    f.put("server_processing_p99_ms", after.quantileMs(work, "0.99"));
    f.put("server_processing_p999_ms", after.quantileMs(work, "0.999"));
    f.put("server_calls_active", after.value(ServerMetrics.CALLS_ACTIVE, ""));
    return new RunResult(f);
  }

  private RunResult withCloses(RunResult result, double totalSeconds) {
    Map<String, Object> f = new LinkedHashMap<>(result.fields());
    long early = earlyCloses.values().stream().mapToLong(LongAdder::sum).sum();
    f.put("closed_by_node", early);
    f.put("refused", connectFailed.get() + early);
    f.put("close_codes", codes(earlyCloses));
    f.put("connect_errors", codes(connectErrors));
    f.put("closed_after_hangup", closed.get() - early);
    f.put("total_s", totalSeconds);
    return new RunResult(f);
  }

  private static String codes(Map<?, LongAdder> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    Map<String, Long> sorted = new TreeMap<>();
    counts.forEach((k, v) -> sorted.put(String.valueOf(k), v.sum()));
    StringBuilder out = new StringBuilder();
    sorted.forEach(
        (k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append(':').append(v));
    return out.toString();
  }

  private static String reason(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    return message.length() > 40 ? message.substring(0, 40) : message;
  }
}
