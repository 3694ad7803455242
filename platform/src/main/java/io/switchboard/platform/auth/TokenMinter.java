package io.switchboard.platform.auth;

import io.switchboard.platform.config.AuthConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints HS256 tokens for development and tests; it needs no Vert.x instance, so the command line
 * can use it.
 */
public final class TokenMinter {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private TokenMinter() {}

  /**
   * A compact JWT carrying {@code sub}, {@code tid}, {@code roles}, {@code iat} and {@code exp},
   * plus {@code iss} and {@code aud} when they are not empty, signed with {@code secret}.
   *
   * @throws IllegalArgumentException if the secret is shorter than {@link
   *     AuthConfig#MIN_HMAC_SECRET_BYTES}, the tenant or user is blank, no role is given, or the
   *     lifetime is shorter than a second
   */
  public static String mint(
      String secret,
      String tenant,
      String user,
      Set<Role> roles,
      Duration ttl,
      String issuer,
      String audience) {
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    require(
        key.length >= AuthConfig.MIN_HMAC_SECRET_BYTES,
        "the secret must be at least " + AuthConfig.MIN_HMAC_SECRET_BYTES + " bytes long");
    require(
        TenantKeys.valid(tenant),
        "the tenant must be a lowercase slug of letters, digits and dashes (at most 63)");
    require(!user.isBlank(), "the user must not be blank");
    require(!roles.isEmpty(), "at least one role is needed");
    require(ttl.getSeconds() >= 1, "the lifetime must be at least one second");

    Instant now = Instant.now();
    JsonArray roleNames = new JsonArray();
    roles.stream().sorted().map(Role::wireName).forEach(roleNames::add);
    JsonObject claims =
        new JsonObject()
            .put("sub", user)
            .put("tid", tenant)
            .put("roles", roleNames)
            .put("iat", now.getEpochSecond())
            .put("exp", now.plus(ttl).getEpochSecond());
    if (!issuer.isEmpty()) {
      claims.put("iss", issuer);
    }
    if (!audience.isEmpty()) {
      claims.put("aud", audience);
    }
    JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT");
    String signingInput = encode(header) + "." + encode(claims);
    return signingInput + "." + BASE64URL.encodeToString(hmacSha256(key, signingInput));
  }

  private static String encode(JsonObject json) {
    return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmacSha256(byte[] key, String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      // every Java runtime must provide HmacSHA256, so this is a broken runtime
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(problem);
    }
  }
}
