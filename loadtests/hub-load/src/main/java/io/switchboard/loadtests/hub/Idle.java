package io.switchboard.loadtests.hub;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Idle load: opens {@code --connections} authenticated connections, each subscribed to one
 * conversation, prints {@code READY} and holds them (answering pings) for {@code --hold} seconds.
 */
final class Idle {

  private final WebSocketClient client;
  private final WebSocketConnectOptions target;
  private final Tokens tokens;
  private final List<Conversation> conversations;
  private final String runId;
  private final int connections;
  private final int holdSeconds;
  private final int connectConcurrency;
  private final LongAdder open = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicLong closed = new AtomicLong();
  private volatile boolean holding = true;

  Idle(
      WebSocketClient client,
      WebSocketConnectOptions target,
      Tokens tokens,
      List<Conversation> conversations,
      Options options) {
    this.client = client;
    this.target = target;
    this.tokens = tokens;
    this.conversations = conversations;
    this.runId = options.string("run", "idle");
    this.connections = options.integer("connections", 1000);
    this.holdSeconds = options.integer("hold", 60);
    this.connectConcurrency = options.integer("connect-concurrency", 64);
  }

  String run() throws InterruptedException {
    long start = System.nanoTime();
    Pacing.inParallel(connections, connectConcurrency, this::openOne).await();
    System.out.printf(
        "READY run=%s connected=%d failed=%d ms=%d%n",
        runId, open.sum(), failed.sum(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    System.out.flush();
    Thread.sleep(TimeUnit.SECONDS.toMillis(holdSeconds));
    holding = false;
    return String.format(
        "RESULT run=%s connected=%d failed=%d closed_while_held=%d",
        runId, open.sum(), failed.sum(), closed.get());
  }

  private Future<?> openOne(int index) {
    HubConnection connection = new HubConnection((frame, from, to) -> {});
    Conversation conversation = conversations.get(index % conversations.size());
    return connection
        .open(client, target, tokens.mint(runId + "-" + index, "supervisor", conversation.tenant()))
        .compose(connected -> connection.subscribe(conversation.channel()))
        .onSuccess(
            subscribed -> {
              open.increment();
              connection.onClose(
                  () -> {
                    if (holding && closed.incrementAndGet() <= 3) {
                      System.err.println(runId + ": a held connection was closed by the server");
                    }
                  });
            })
        .onFailure(
            failure -> {
              failed.increment();
              if (failed.sum() <= 3) {
                System.err.println(runId + ": connection failed: " + failure.getMessage());
              }
            });
  }
}
