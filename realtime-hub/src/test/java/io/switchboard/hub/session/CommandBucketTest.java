package io.switchboard.hub.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.redis.MutableClock;
import io.switchboard.hub.session.CommandBucket.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A connection's command bucket: a burst at once, then the sustained rate")
class CommandBucketTest {

  private MutableClock clock;

  @BeforeEach
  void start() {
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  private int run(CommandBucket bucket, int commands) {
    int ran = 0;
    for (int i = 0; i < commands; i++) {
      if (bucket.take() == Verdict.RUN) {
        ran++;
      }
    }
    return ran;
  }

  @Test
  @DisplayName("a new connection runs its whole burst at once; the next command is refused")
  void burstThenRefused() {
    CommandBucket bucket = new CommandBucket(clock, 10, 300);
    assertThat(run(bucket, 300)).isEqualTo(300);
    assertThat(bucket.take()).isEqualTo(Verdict.REFUSE);
  }

  @Test
  @DisplayName("tokens come back at the sustained rate, and never beyond the burst")
  void refillsAtRate() {
    CommandBucket bucket = new CommandBucket(clock, 10, 20);
    assertThat(run(bucket, 20)).isEqualTo(20);
    clock.advance(Duration.ofMillis(500));
    assertThat(run(bucket, 10)).isEqualTo(5);
    clock.advance(Duration.ofHours(1));
    assertThat(run(bucket, 30)).isEqualTo(20);
  }

  @Test
  @DisplayName("a client sending at the sustained rate is never refused")
  void withinRateNeverRefused() {
    CommandBucket bucket = new CommandBucket(clock, 50, 300);
    for (int second = 0; second < 60; second++) {
      assertThat(run(bucket, 50)).isEqualTo(50);
      clock.advance(Duration.ofSeconds(1));
    }
  }

  @Test
  @DisplayName(
      "more than MAX_REFUSALS refusals within a second close, even when a token comes back in"
          + " between")
  void floodCloses() {
    CommandBucket bucket = new CommandBucket(clock, 50, 10);
    run(bucket, 10);
    for (int i = 0; i < CommandBucket.MAX_REFUSALS; i++) {
      if (i == 50) {
        clock.advance(Duration.ofMillis(20));
        assertThat(bucket.take()).isEqualTo(Verdict.RUN);
      }
      assertThat(bucket.take()).isEqualTo(Verdict.REFUSE);
    }
    assertThat(bucket.take()).isEqualTo(Verdict.CLOSE);
  }

  @Test
  @DisplayName("refusals spread over more than a second, as a retrying SDK makes them, never close")
  void spreadRefusalsDoNotClose() {
    CommandBucket bucket = new CommandBucket(clock, 0.001, 1);
    run(bucket, 1);
    for (int i = 0; i < 10 * CommandBucket.MAX_REFUSALS; i++) {
      assertThat(bucket.take()).isEqualTo(Verdict.REFUSE);
      clock.advance(Duration.ofMillis(CommandBucket.REFUSAL_WINDOW_MS / 50));
    }
  }

  @Test
  @DisplayName("a wall clock set back neither adds nor takes tokens")
  void clockBack() {
    CommandBucket bucket = new CommandBucket(clock, 10, 5);
    run(bucket, 5);
    clock.advance(Duration.ofSeconds(-30));
    assertThat(bucket.take()).isEqualTo(Verdict.REFUSE);
    clock.advance(Duration.ofMillis(100));
    assertThat(bucket.take()).isEqualTo(Verdict.RUN);
  }
}
