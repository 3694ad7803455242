package io.switchboard.crud.visitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.platform.error.RateLimited;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VisitorLimiterTest {

  @Test
  @DisplayName("each address has its own count, which starts again when the minute turns")
  void perAddressPerMinute() {
    AtomicLong now = new AtomicLong(1_000_000);
    VisitorLimiter limiter = new VisitorLimiter(2, now::get);
    limiter.take("10.0.0.1");
    limiter.take("10.0.0.1");
    limiter.take("10.0.0.2");
    now.addAndGet(45_000);
    assertThatThrownBy(() -> limiter.take("10.0.0.1"))
        .isInstanceOf(RateLimited.class)
        .satisfies(e -> assertThat(((RateLimited) e).retryAfterSeconds()).isEqualTo(15));
    now.addAndGet(15_000);
    limiter.take("10.0.0.1");
    limiter.take("10.0.0.1");
  }

  @Test
  @DisplayName(
      "a resume credential opens only its contact, in its tenant and inbox, until it expires")
  void resumeKeys() {
    ResumeKeys keys = new ResumeKeys("a-secret-of-at-least-thirty-two-bytes!!");
    UUID inbox = UUID.randomUUID();
    UUID contact = UUID.randomUUID();
    Instant now = Instant.parse("2026-12-04T12:00:00Z");
    String credential = keys.issue("acme", inbox, contact, now);
    assertThat(keys.contact("acme", inbox, credential, now.plusSeconds(60))).isEqualTo(contact);
    assertThat(keys.contact("globex", inbox, credential, now)).isNull();
    assertThat(keys.contact("acme", UUID.randomUUID(), credential, now)).isNull();
    assertThat(keys.contact("acme", inbox, credential, now.plus(ResumeKeys.LIFETIME))).isNull();
    String other = UUID.randomUUID().toString();
    assertThat(keys.contact("acme", inbox, other + credential.substring(36), now)).isNull();
    assertThat(keys.contact("acme", inbox, "x.y.z", now)).isNull();
    assertThat(keys.contact("acme", inbox, "", now)).isNull();
    ResumeKeys otherSecret = new ResumeKeys("another-secret-of-thirty-two-bytes!!!!!");
    assertThat(otherSecret.contact("acme", inbox, credential, now)).isNull();
  }
}
