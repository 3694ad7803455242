package io.switchboard.loadtests.voice;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/** The client's event loops, each with its {@link FramePacer}, and what they measure together. */
final class ClientLoops {

  /** Highest lateness the histograms hold, in microseconds (a minute). */
  static final long HIGHEST_MICROS = 60_000_000L;

  private final List<FramePacer> pacers = new CopyOnWriteArrayList<>();
  private final List<Histogram> lateness = new CopyOnWriteArrayList<>();
  private final LongAdder framesSent = new LongAdder();

  private ClientLoops() {}

  /** Deploys {@code count} loops (one verticle instance each) and starts their timers. */
  static Future<ClientLoops> start(Vertx vertx, int count) {
    ClientLoops loops = new ClientLoops();
    return vertx
        .deployVerticle(
            () -> loops.new Loop(), new DeploymentOptions().setInstances(Math.max(1, count)))
        .map(id -> loops);
  }

  /** The pacer that carries stream {@code i}. */
  FramePacer pacer(int i) {
    return pacers.get(i % pacers.size());
  }

  /** Frames sent by every loop so far. */
  long framesSent() {
    return framesSent.sum();
  }

  /** Forgets lateness so far, on every loop. */
  Future<Void> resetLateness() {
    return Future.all(pacers.stream().map(p -> onContext(p, () -> p.resetLateness())).toList())
        .mapEmpty();
  }

  /** Every loop's lateness since the last reset, merged, in microseconds. */
  Histogram lateness() {
    Histogram all = new Histogram(HIGHEST_MICROS, 3);
    lateness.forEach(all::add);
    return all;
  }

  /** Stops every timer and hangs every stream up. */
  Future<Void> stop() {
    return Future.join(pacers.stream().map(ClientLoops::stopOn).toList()).mapEmpty();
  }

  private static Future<Void> stopOn(FramePacer pacer) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    pacer.context().runOnContext(v -> pacer.stop().onComplete(done));
    return done.future();
  }

  private static Future<Void> onContext(FramePacer pacer, Runnable action) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    pacer
        .context()
        .runOnContext(
            v -> {
              action.run();
              done.complete();
            });
    return done.future();
  }

  /** One event loop of the client. */
  private final class Loop extends VerticleBase {
    @Override
    public Future<?> start() {
      Histogram histogram = new SynchronizedHistogram(HIGHEST_MICROS, 3);
      FramePacer pacer = new FramePacer(vertx, context, histogram, framesSent);
      pacer.start();
      lateness.add(histogram);
      pacers.add(pacer);
      return Future.succeededFuture();
    }
  }
}
