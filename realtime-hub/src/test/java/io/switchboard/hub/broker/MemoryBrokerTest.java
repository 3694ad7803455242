package io.switchboard.hub.broker;

import static io.switchboard.hub.redis.TenantRedis.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.switchboard.hub.history.WindowOptions;
import io.switchboard.hub.redis.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The broker in memory")
class MemoryBrokerTest extends BrokerContract {

  private final String tenant = "t-" + UUID.randomUUID();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Override
  Broker broker(WindowOptions options) {
    return new MemoryBroker(options, bus, clock);
  }

  @Override
  String tenant() {
    return tenant;
  }

  // Every window of the broker goes: the tests that lose one have a single channel.
  @Override
  void lose(String tenant, String channel) {
    clock.advance(Duration.ofDays(1));
  }

  @Override
  void pass(Duration time) {
    clock.advance(time);
  }

  @Test
  @DisplayName(
      "delivers what four threads publish into one channel in offset order, with no gap to fill")
  void deliversInOffsetOrder() throws Exception {
    Broker broker = broker(new WindowOptions(100, BYTES, Duration.ofMinutes(1), 100));
    int each = 500;
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> publishers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        publishers.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    await(broker.publish(delivery(CHANNEL, 0, ByteString.copyFromUtf8("m"))));
                  }
                }));
      }
      for (Future<?> publisher : publishers) {
        publisher.get();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(deliveredOffsets(4 * each))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 4L * each).boxed().toList());
  }
}
