package io.switchboard.platform.testing;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.TokenMinter;
import io.switchboard.platform.config.AuthConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/** Tokens for tests of any module: HS256 tokens under one fixed test secret and its config. */
public final class TestTokens {

  /** The HS256 secret every test token is signed with; never used outside tests. */
  public static final String SECRET = "switchboard-test-secret-not-for-production-use";

  /** Lifetime of minted tokens, long enough for any test run. */
  public static final Duration TTL = Duration.ofHours(1);

  /** Clock skew allowed by {@link #authConfig()}. */
  public static final int CLOCK_SKEW_SECONDS = 30;

  /** JWKS refresh period in {@link #authConfig()}; unused there, as no JWKS is configured. */
  public static final int JWKS_REFRESH_SECONDS = 300;

  private TestTokens() {}

  /** A token for {@code user} of {@code tenant} holding {@code roles}, valid for {@link #TTL}. */
  public static String mint(String tenant, String user, Role... roles) {
    EnumSet<Role> held = EnumSet.noneOf(Role.class);
    held.addAll(List.of(roles));
    return TokenMinter.mint(SECRET, tenant, user, held, TTL, "", "");
  }

  /** An auth configuration that accepts the tokens of {@link #mint}, with no issuer or audience. */
  public static AuthConfig authConfig() {
    return new AuthConfig("", "", SECRET, List.of(), "", JWKS_REFRESH_SECONDS, CLOCK_SKEW_SECONDS);
  }
}
