package io.switchboard.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Tokens held as verified")
class VerifiedTokensTest {

  private final KeySet keys = new KeySet(null, Set.of("HS256"), Set.of());
  private final Caller caller =
      new Caller("acme", "alice", Set.of(Role.AGENT), Instant.now().plusSeconds(60));

  @Test
  @DisplayName("are found only with the very key set they were verified with")
  void onlyWithTheirKeys() {
    VerifiedTokens tokens = new VerifiedTokens();
    tokens.put("token", keys, caller);

    assertThat(tokens.get("token", keys)).isSameAs(caller);
    assertThat(tokens.get("token", new KeySet(null, Set.of("HS256"), Set.of()))).isNull();
    assertThat(tokens.get("another token", keys)).isNull();
  }

  @Test
  @DisplayName("never number more than the bound, however many different tokens come")
  void bounded() {
    VerifiedTokens tokens = new VerifiedTokens();
    for (int i = 0; i < VerifiedTokens.MAX_ENTRIES * 2 + 7; i++) {
      tokens.put("token-" + i, keys, caller);
      assertThat(tokens.size()).isLessThanOrEqualTo(VerifiedTokens.MAX_ENTRIES);
    }
    assertThat(List.of(tokens.get("token-" + (VerifiedTokens.MAX_ENTRIES * 2 + 6), keys)))
        .containsExactly(caller);
  }
}
