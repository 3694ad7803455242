package io.switchboard.loadtests.voice;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Reply-latency mode: each of K speakers calls, says a sentence, times the node's first reply
 * frame, hangs up, and does it again, R times; all speakers at once.
 */
final class ReplyRun {

  /** Longest a speaker waits for a reply before counting the turn as unanswered. */
  static final long REPLY_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final LoadSettings settings;
  private final NodeClient node;
  private final LineAudio audio;
  private final ClientLoops loops;
  private final Histogram latency = new SynchronizedHistogram(ClientLoops.HIGHEST_MICROS, 3);
  private final AtomicInteger unanswered = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

  ReplyRun(
      Vertx vertx, LoadSettings settings, NodeClient node, LineAudio audio, ClientLoops loops) {
    this.vertx = vertx;
    this.settings = settings;
    this.node = node;
    this.audio = audio;
    this.loops = loops;
  }

  /** Runs every speaker's rounds; completes with the latencies measured. */
  Future<RunResult> run() {
    long started = System.nanoTime();
    return node.metrics()
        .compose(
            before -> {
              List<Future<Void>> speakers = new ArrayList<>();
              for (int s = 0; s < settings.speakers(); s++) {
                speakers.add(rounds(s, 0));
              }
              return Future.join(speakers)
                  .transform(done -> node.metrics())
                  .map(after -> result(before, after, (System.nanoTime() - started) / 1e9));
            });
  }

  private Future<Void> rounds(int speaker, int round) {
    if (round >= settings.rounds()) {
      return Future.succeededFuture();
    }
    return turn(speaker, round).compose(v -> rounds(speaker, round + 1));
  }

  /** One call: open, speak, time the reply, hang up; failures are counted, not fatal. */
  private Future<Void> turn(int speaker, int round) {
    FramePacer pacer = loops.pacer(speaker);
    SpokenTurn turn = new SpokenTurn(audio, speaker + round);
    TelephonyCaller caller =
        new TelephonyCaller(speaker * 1000 + round, turn).onReplyMedia(turn::nodeAudio);
    caller.onClose(() -> turn.fail("stream closed with " + caller.closeCode()));
    Promise<Void> done = Promise.promise();
    pacer
        .context()
        .runOnContext(
            v -> {
              long timeout =
                  vertx.setTimer(
                      REPLY_TIMEOUT_MS, id -> turn.fail("no reply in " + REPLY_TIMEOUT_MS + " ms"));
              node.open(caller)
                  .onSuccess(pacer::add)
                  .onFailure(
                      failure -> {
                        refused.incrementAndGet();
                        turn.fail("not connected: " + failure.getMessage());
                      });
              turn.reply()
                  .onSuccess(nanos -> latency.recordValue(nanos / 1000))
                  .onFailure(
                      failure -> {
                        unanswered.incrementAndGet();
                        failures.add(failure.getMessage());
                      })
                  .transform(r -> caller.hangUp())
                  .onComplete(
                      r -> {
                        vertx.cancelTimer(timeout);
                        done.complete();
                      });
            });
    return done.future();
  }

  private RunResult result(ServerMetrics before, ServerMetrics after, double seconds) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("mode", "reply");
    f.put("label", settings.label());
    f.put("speakers", settings.speakers());
    f.put("rounds", settings.rounds());
    f.put("replies", latency.getTotalCount());
    f.put("unanswered", unanswered.get());
    f.put("refused", refused.get());
    f.put("reply_p50_ms", latency.getValueAtPercentile(50) / 1000.0);
    f.put("reply_p99_ms", latency.getValueAtPercentile(99) / 1000.0);
    f.put("reply_max_ms", latency.getMaxValue() / 1000.0);
    String server = ServerMetrics.REPLY_LATENCY;
    f.put("server_replies", after.count(server) - before.count(server));
    f.put("server_reply_p50_ms", after.quantileMs(server, "0.5"));
    f.put("server_reply_p99_ms", after.quantileMs(server, "0.99"));
    f.put("total_s", seconds);
    f.put("first_failure", failures.isEmpty() ? "none" : failures.get(0));
    return new RunResult(f);
  }
}
