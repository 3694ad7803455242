package io.switchboard.loadtests.hub;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the HS256 tokens Switchboard accepts, signed with the benchmark server's secret (hub-load
 * and voice-load).
 */
public final class Tokens {

  private static final long TTL_SECONDS = 4 * 3600;
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER =
      BASE64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private final byte[] secret;
  private final String tenant;

  public Tokens(String secret, String tenant) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.tenant = tenant;
  }

  /** A token for {@code user} with {@code role}, valid for four hours. */
  public String mint(String user, String role) {
    return mint(user, role, tenant);
  }

  /** A token for {@code user} with {@code role} in {@code tenant}, valid for four hours. */
  public String mint(String user, String role, String tenant) {
    JsonObject claims =
        new JsonObject()
            .put("sub", user)
            .put("tid", tenant)
            .put("roles", new JsonArray().add(role))
            .put("exp", System.currentTimeMillis() / 1000 + TTL_SECONDS);
    String unsigned =
        HEADER + "." + BASE64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return unsigned
          + "."
          + BASE64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
