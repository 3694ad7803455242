package io.switchboard.platform.auth;

import io.switchboard.platform.error.Unauthenticated;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A token split into its decoded header and claims, before anything about it is trusted.
 *
 * @param header the decoded JOSE header
 * @param claims the decoded claims
 */
record CompactJwt(JsonObject header, JsonObject claims) {

  /** Longest token looked at; real tokens are well under 2 KiB, so more is an attack or a bug. */
  static final int MAX_TOKEN_CHARS = 8 * 1024;

  static final String MALFORMED = "malformed token";

  static final String UNSIGNED = "unsigned tokens (alg none) are refused";

  /**
   * Decodes the three parts of a compact JWS, refusing unsigned tokens as soon as the header says
   * so.
   *
   * @throws Unauthenticated if the token is empty or too long, has not three parts, a part is not
   *     base64url-encoded JSON, or the header names no algorithm or {@code none}
   */
  static CompactJwt parse(String token) {
    if (token == null || token.isEmpty()) {
      throw new Unauthenticated("missing token");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new Unauthenticated("token longer than " + MAX_TOKEN_CHARS + " characters");
    }
    // limit -1 keeps a trailing empty part, so "header.claims." is three parts, not two
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new Unauthenticated(MALFORMED);
    }
    JsonObject header = decode(parts[0]);
    // Refused before the claims are even decoded: some libraries accept "none" when no key is
    // configured, and its spelling varies ("None", "NONE") to slip past exact comparisons.
    if (!(header.getValue("alg") instanceof String alg) || alg.isBlank()) {
      throw new Unauthenticated("token header has no alg");
    }
    if (alg.strip().equalsIgnoreCase("none")) {
      throw new Unauthenticated(UNSIGNED);
    }
    return new CompactJwt(header, decode(parts[1]));
  }

  /** The {@code alg} header, known to be a non-blank string. */
  String algorithm() {
    return header.getString("alg");
  }

  /** The {@code kid} header, or null when the token names no key. */
  String keyId() {
    return header.getValue("kid") instanceof String kid ? kid : null;
  }

  private static JsonObject decode(String part) {
    try {
      return new JsonObject(
          new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    } catch (RuntimeException notBase64OrNotJsonObject) {
      throw new Unauthenticated(MALFORMED);
    }
  }
}
