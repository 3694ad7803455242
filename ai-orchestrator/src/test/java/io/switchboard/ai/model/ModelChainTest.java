package io.switchboard.ai.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.tools.ToolActions;
import io.switchboard.platform.config.AiConfig;
import io.switchboard.platform.error.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The chain of chat models: timeouts, retries, circuit breakers and fallback")
class ModelChainTest {

  private static final AiConfig CONFIG =
      new AiConfig(2, 10, 800, 0.5, 10, 12_000, 120, 60_000, 300, 1, 3, 1_000);
  private static final ModelRequest REQUEST =
      new ModelRequest("", List.of(), "where is my parcel?", List.of(), 100);

  private Vertx vertx;
  private final AtomicLong now = new AtomicLong(1_000_000);
  private ModelChain chain;
  private final List<String> streamed = new CopyOnWriteArrayList<>();
  private final AtomicInteger restarts = new AtomicInteger();
  private final ReplySink sink =
      new ReplySink() {
        @Override
        public void delta(String text) {
          streamed.add(text);
        }

        @Override
        public void restart() {
          restarts.incrementAndGet();
          streamed.clear();
        }
      };

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    chain = new ModelChain(vertx, CONFIG, clock());
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static Throwable failure(Future<?> future) {
    return future.transform(done -> Future.succeededFuture(done.cause())).await();
  }

  @Test
  @DisplayName("a failing primary is retried, then the secondary answers")
  void fallback() {
    Scripted primary =
        new Scripted("p", s -> Future.failedFuture(new IllegalStateException("500")));
    Scripted secondary = new Scripted("s", Scripted::answer);
    ModelReply reply = chain.reply(List.of(primary, secondary), REQUEST, null, sink).await();
    assertThat(reply.text()).isEqualTo("hello there");
    assertThat(primary.calls).hasValue(1 + CONFIG.modelRetries());
    assertThat(secondary.calls).hasValue(1);
    assertThat(streamed).containsExactly("hello ", "there");
  }

  @Test
  @DisplayName("a model that never answers times out and the next one answers")
  void timeout() {
    Scripted silent = new Scripted("p", s -> Promise.<ModelReply>promise().future());
    Scripted secondary = new Scripted("s", Scripted::answer);
    ModelReply reply = chain.reply(List.of(silent, secondary), REQUEST, null, sink).await();
    assertThat(reply.model()).isEqualTo("s");
  }

  @Test
  @DisplayName(
      "a model failing mid-reply is not retried: what it streamed is void and the next starts over")
  void restartsAfterStreaming() {
    Scripted breaking =
        new Scripted(
            "p",
            s -> {
              s.delta("half");
              return Future.failedFuture(new IllegalStateException("reset"));
            });
    Scripted secondary = new Scripted("s", Scripted::answer);
    chain.reply(List.of(breaking, secondary), REQUEST, null, sink).await();
    assertThat(breaking.calls).hasValue(1);
    assertThat(restarts).hasValue(1);
    assertThat(streamed).containsExactly("hello ", "there");
  }

  @Test
  @DisplayName(
      "after enough failures the circuit opens: no calls until it half-opens for one trial")
  void circuit() {
    Scripted failing =
        new Scripted("p", s -> Future.failedFuture(new IllegalStateException("500")));
    // Two calls per reply (one retry): the third failure opens the circuit during the second reply.
    assertThat(failure(chain.reply(List.of(failing), REQUEST, null, sink)))
        .isInstanceOf(Unavailable.class);
    failure(chain.reply(List.of(failing), REQUEST, null, sink));
    assertThat(failing.calls).hasValue(3);
    assertThat(chain.isOpen("p")).isTrue();

    Throwable refused = failure(chain.reply(List.of(failing), REQUEST, null, sink));
    assertThat(refused).isInstanceOf(Unavailable.class);
    assertThat(((Unavailable) refused).type()).isNotEqualTo("busy");
    assertThat(failing.calls).hasValue(3);

    now.addAndGet(CONFIG.breakerResetMs());
    failing.behaviour = Scripted::answer;
    assertThat(chain.reply(List.of(failing), REQUEST, null, sink).await().text())
        .isEqualTo("hello there");
    assertThat(failing.calls).hasValue(4);
    assertThat(chain.isOpen("p")).isFalse();
  }

  private Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(now.get());
      }
    };
  }

  /** A provider whose behaviour the test sets, counting its calls. */
  private static final class Scripted implements ModelProvider {
    private final String name;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Function<ReplySink, Future<ModelReply>> behaviour;

    Scripted(String name, Function<ReplySink, Future<ModelReply>> behaviour) {
      this.name = name;
      this.behaviour = behaviour;
    }

    static Future<ModelReply> answer(ReplySink sink) {
      sink.delta("hello ");
      sink.delta("there");
      return Future.succeededFuture(
          new ModelReply("hello there", "openai", "s", 5, 2, List.of(), false));
    }

    @Override
    public String key() {
      return name;
    }

    @Override
    public String provider() {
      return "openai";
    }

    @Override
    public String model() {
      return name;
    }

    @Override
    public Future<ModelReply> reply(ModelRequest request, ToolActions tools, ReplySink sink) {
      calls.incrementAndGet();
      return behaviour.apply(sink);
    }
  }
}
