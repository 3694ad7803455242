package io.switchboard.hub.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Token buckets in memory")
class MemoryBucketsTest {

  /** Two tokens, one more a second. */
  private static final Bucket BUCKET = new Bucket("api-publish", new Rate(1, 2));

  private final MemoryBuckets buckets = new MemoryBuckets();

  /** Takes both of {@code tenant}'s tokens at {@code now}. */
  private void drain(String tenant, long now) {
    assertThat(buckets.take(tenant, BUCKET, now)).isTrue();
    assertThat(buckets.take(tenant, BUCKET, now)).isTrue();
  }

  @Test
  @DisplayName("allows the burst, refuses, and allows again as tokens refill")
  void burstRefusalRefill() {
    assertThat(buckets.take("acme", BUCKET, 0)).isTrue();
    assertThat(buckets.take("acme", BUCKET, 0)).isTrue();
    assertThat(buckets.take("acme", BUCKET, 999)).isFalse();
    assertThat(buckets.take("acme", BUCKET, 1_000)).isTrue();
    assertThat(buckets.take("acme", BUCKET, 1_000)).isFalse();
  }

  @Test
  @DisplayName("a clock that goes back refills nothing")
  void clockBack() {
    drain("acme", 10_000);
    assertThat(buckets.take("acme", BUCKET, 5_000)).isFalse();
    assertThat(buckets.take("acme", BUCKET, 10_000)).isFalse();
  }

  @Test
  @DisplayName("each tenant has its own bucket of a name")
  void tenantsApart() {
    drain("acme", 0);
    assertThat(buckets.take("acme", BUCKET, 0)).isFalse();
    assertThat(buckets.take("globex", BUCKET, 0)).isTrue();
  }

  @Test
  @DisplayName("forgets the buckets that are full again, and keeps the others")
  void sweep() {
    drain("acme", 0);
    buckets.take("globex", BUCKET, 1_500);
    assertThat(buckets.size()).isEqualTo(2);

    buckets.sweep(2_000);

    assertThat(buckets.size()).isEqualTo(1);
    buckets.sweep(2_500);
    assertThat(buckets.size()).isZero();
  }
}
