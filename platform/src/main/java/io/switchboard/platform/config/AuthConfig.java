package io.switchboard.platform.config;

import java.util.List;

/**
 * How tokens are verified: an HS256 secret for development, PEM public keys (RS256/ES256) or a JWKS
 * URL for production, and the issuer and audience a token must carry when they are set.
 *
 * @param issuer required {@code iss} claim, or empty to accept any issuer
 * @param audience required {@code aud} claim, or empty to accept any audience
 * @param hmacSecret HS256 secret; empty means none configured (a development secret may be made)
 * @param publicKeys paths of PEM files holding RSA or EC public keys
 * @param jwksUrl URL of a JSON Web Key Set, or empty
 * @param jwksRefreshSeconds how often the JWKS is fetched again
 * @param clockSkewSeconds leeway allowed on {@code exp} and {@code nbf}
 */
public record AuthConfig(
    String issuer,
    String audience,
    String hmacSecret,
    List<String> publicKeys,
    String jwksUrl,
    int jwksRefreshSeconds,
    int clockSkewSeconds) {

  /** Shortest HS256 secret accepted: 256 bits, as RFC 7518 requires for HS256. */
  public static final int MIN_HMAC_SECRET_BYTES = 32;

  public AuthConfig {
    publicKeys = List.copyOf(publicKeys);
    Checks.require(
        hmacSecret.isEmpty()
            || hmacSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                >= MIN_HMAC_SECRET_BYTES,
        "auth.hmac-secret",
        "must be at least " + MIN_HMAC_SECRET_BYTES + " bytes long");
    Checks.range(jwksRefreshSeconds, 10, 86_400, "auth.jwks-refresh-seconds");
    Checks.range(clockSkewSeconds, 0, 600, "auth.clock-skew-seconds");
  }

  /** True when some key for production verification is configured. */
  public boolean hasProductionKeys() {
    return !publicKeys.isEmpty() || !jwksUrl.isEmpty();
  }

  /** The same settings with {@code secret} as the HS256 secret. */
  public AuthConfig withHmacSecret(String secret) {
    return new AuthConfig(
        issuer, audience, secret, publicKeys, jwksUrl, jwksRefreshSeconds, clockSkewSeconds);
  }
}
