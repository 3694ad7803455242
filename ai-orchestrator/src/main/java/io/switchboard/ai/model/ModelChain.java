package io.switchboard.ai.model;

import io.switchboard.ai.tools.ToolActions;
import io.switchboard.platform.config.AiConfig;
import io.switchboard.platform.error.Unavailable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's chat models tried in order: each call bounded by {@code ai.model-timeout-ms}, retried
 * with exponential back-off ({@code ai.model-retries}) while nothing has streamed yet, each
 * provider behind its own circuit breaker, then the next provider. When every one fails or is open
 * the reply fails with {@link Unavailable} and the caller falls back to the embedded answer or a
 * hand-off.
 */
public final class ModelChain {

  /** First back-off before a retry; each further retry waits twice as long. */
  public static final long BACKOFF_BASE_MS = 100;

  private static final Logger LOG = LoggerFactory.getLogger(ModelChain.class);

  private final Vertx vertx;
  private final AiConfig config;
  private final Clock clock;
  private final Map<String, ProviderBreaker> breakers = new ConcurrentHashMap<>();

  public ModelChain(Vertx vertx, AiConfig config) {
    this(vertx, config, Clock.systemUTC());
  }

  /** With the clock the breakers measure their open time by, for tests. */
  public ModelChain(Vertx vertx, AiConfig config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
  }

  /** The first reply of {@code models} that answers; results on the caller's context. */
  public Future<ModelReply> reply(
      List<ModelProvider> models, ModelRequest request, ToolActions tools, ReplySink sink) {
    Context context = vertx.getOrCreateContext();
    Promise<ModelReply> promise = Promise.promise();
    context.runOnContext(v -> from(models, 0, request, tools, sink).onComplete(promise));
    return promise.future();
  }

  /** Whether {@code key}'s circuit is open now. */
  public boolean isOpen(String key) {
    ProviderBreaker breaker = breakers.get(key);
    return breaker != null && breaker.open();
  }

  private Future<ModelReply> from(
      List<ModelProvider> models,
      int index,
      ModelRequest request,
      ToolActions tools,
      ReplySink sink) {
    if (index >= models.size()) {
      return Future.failedFuture(new Unavailable("no chat model answered"));
    }
    ModelProvider provider = models.get(index);
    return attempt(provider, 0, request, tools, sink)
        .recover(
            failure -> {
              LOG.warn("Chat model {} failed: {}", provider.key(), failure.toString());
              return from(models, index + 1, request, tools, sink);
            });
  }

  private Future<ModelReply> attempt(
      ModelProvider provider, int retry, ModelRequest request, ToolActions tools, ReplySink sink) {
    ProviderBreaker breaker = breaker(provider.key());
    if (!breaker.allow()) {
      return Future.failedFuture(new Unavailable("circuit open for " + provider.key()));
    }
    GuardedSink guarded = new GuardedSink(sink);
    return bounded(provider.reply(request, tools, guarded))
        .onComplete(done -> guarded.close())
        .transform(
            done -> {
              if (done.succeeded()) {
                breaker.succeeded();
                return Future.succeededFuture(done.result());
              }
              breaker.failed();
              if (guarded.streamed) {
                sink.restart();
                return Future.failedFuture(done.cause());
              }
              if (retry >= config.modelRetries()) {
                return Future.failedFuture(done.cause());
              }
              long backoff = BACKOFF_BASE_MS << retry;
              return vertx
                  .timer(backoff)
                  .compose(v -> attempt(provider, retry + 1, request, tools, sink));
            });
  }

  private Future<ModelReply> bounded(Future<ModelReply> call) {
    Promise<ModelReply> promise = Promise.promise();
    long timer =
        vertx.setTimer(
            config.modelTimeoutMs(),
            id ->
                promise.tryFail(
                    new TimeoutException("no reply within " + config.modelTimeoutMs() + " ms")));
    call.onComplete(
        done -> {
          vertx.cancelTimer(timer);
          if (done.succeeded()) {
            promise.tryComplete(done.result());
          } else {
            promise.tryFail(done.cause());
          }
        });
    return promise.future();
  }

  private ProviderBreaker breaker(String key) {
    return breakers.computeIfAbsent(
        key, k -> new ProviderBreaker(config.breakerFailures(), config.breakerResetMs(), clock));
  }

  /** Passes deltas on until the attempt ends, so a provider that timed out streams no more. */
  private static final class GuardedSink implements ReplySink {
    private final ReplySink sink;
    private boolean closed;
    private boolean streamed;

    GuardedSink(ReplySink sink) {
      this.sink = sink;
    }

    @Override
    public void delta(String text) {
      if (!closed) {
        streamed = true;
        sink.delta(text);
      }
    }

    void close() {
      closed = true;
    }
  }
}
