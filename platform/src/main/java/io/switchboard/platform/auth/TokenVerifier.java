package io.switchboard.platform.auth;

import io.switchboard.platform.config.AuthConfig;
import io.switchboard.platform.error.Unauthenticated;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Turns a bearer token into the {@link Caller} it proves, or refuses it with the reason why. */
public interface TokenVerifier extends AutoCloseable {

  /**
   * A verifier for the keys in {@code config}: the HS256 secret, the PEM public keys (RS256 or
   * ES256, told apart by the key) and the JWKS, which is fetched before the future completes and
   * then every {@link AuthConfig#jwksRefreshSeconds()}.
   *
   * <p>Fails when no key is configured, a PEM file cannot be read, or the first JWKS fetch fails.
   */
  static Future<TokenVerifier> create(Vertx vertx, AuthConfig config) {
    return JwtTokenVerifier.create(vertx, config);
  }

  /**
   * The caller {@code token} proves, or a failed future holding an {@link Unauthenticated} whose
   * detail says what is wrong with the token.
   */
  Future<Caller> verify(String token);

  /** Stops refreshing the JWKS; tokens are still verified against the keys already held. */
  @Override
  void close();
}
