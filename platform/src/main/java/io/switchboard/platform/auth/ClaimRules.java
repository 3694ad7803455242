package io.switchboard.platform.auth;

import io.switchboard.platform.config.AuthConfig;
import io.switchboard.platform.error.Unauthenticated;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The checks on the claims of a token whose signature has verified; each refusal names the claim at
 * fault so a client developer can fix the token instead of guessing.
 */
final class ClaimRules {

  /**
   * Latest NumericDate accepted (9999-12-31T23:59:59Z): later ones cannot be shown as an RFC 3339
   * time, and a value near 2^63 seconds overflows the arithmetic of any check on it.
   */
  static final long MAX_NUMERIC_DATE = 253_402_300_799L;

  static final String TENANT_NOT_A_SLUG =
      "token tenant (tid) must be a lowercase slug of letters, digits and dashes";

  /** Time claims the signature library reads too, and so must be numbers before it sees them. */
  private static final List<String> TIME_CLAIMS = List.of("exp", "nbf", "iat");

  private final String issuer;
  private final String audience;
  private final long clockSkewSeconds;

  ClaimRules(AuthConfig config) {
    this.issuer = config.issuer();
    this.audience = config.audience();
    this.clockSkewSeconds = config.clockSkewSeconds();
  }

  /**
   * Refuses time claims that are not NumericDates in range; runs before the signature is checked,
   * because the signature library reads these claims and fails on other types with exceptions that
   * say nothing to the client.
   *
   * @throws Unauthenticated naming the first time claim that is not a number or out of range
   */
  static void checkTimeClaims(JsonObject claims) {
    for (String claim : TIME_CLAIMS) {
      if (!claims.containsKey(claim)) {
        continue;
      }
      if (!(claims.getValue(claim) instanceof Number value)) {
        throw new Unauthenticated("token " + claim + " is not a number");
      }
      double seconds = value.doubleValue();
      if (!(seconds >= 0 && seconds <= MAX_NUMERIC_DATE)) {
        throw new Unauthenticated("token " + claim + " is out of range");
      }
    }
  }

  /**
   * The caller these claims describe at {@code now}.
   *
   * @throws Unauthenticated naming the first claim that is missing, wrong or out of date
   */
  Caller check(JsonObject claims, Instant now) {
    checkTimeClaims(claims);
    long expiresAt = requireExpiry(claims, now.getEpochSecond());
    requireStarted(claims, now.getEpochSecond());
    requireIssuer(claims);
    requireAudience(claims);
    String user = requireText(claims, "sub", "token has no subject (sub)");
    String tenant = requireText(claims, "tid", "token has no tenant (tid)");
    if (!TenantKeys.valid(tenant)) {
      throw new Unauthenticated(TENANT_NOT_A_SLUG);
    }
    return new Caller(tenant, user, requireRoles(claims), Instant.ofEpochSecond(expiresAt));
  }

  /**
   * Refuses a caller proved earlier whose token has expired since, as {@link #check} would.
   *
   * @throws Unauthenticated saying when the token expired
   */
  void requireUnexpired(Caller caller, Instant now) {
    long exp = caller.expiresAt().getEpochSecond();
    if (now.getEpochSecond() > exp + clockSkewSeconds) {
      throw new Unauthenticated(expiredAt(exp));
    }
  }

  private static String expiredAt(long exp) {
    return "token expired at " + Instant.ofEpochSecond(exp);
  }

  private long requireExpiry(JsonObject claims, long now) {
    if (!claims.containsKey("exp")) {
      throw new Unauthenticated("token has no exp");
    }
    if (!(claims.getValue("exp") instanceof Number exp)) {
      throw new Unauthenticated("token exp is not a number");
    }
    if (now > exp.longValue() + clockSkewSeconds) {
      throw new Unauthenticated(expiredAt(exp.longValue()));
    }
    return exp.longValue();
  }

  private void requireStarted(JsonObject claims, long now) {
    if (!claims.containsKey("nbf")) {
      return;
    }
    if (!(claims.getValue("nbf") instanceof Number nbf)) {
      throw new Unauthenticated("token nbf is not a number");
    }
    if (now + clockSkewSeconds < nbf.longValue()) {
      throw new Unauthenticated(
          "token is not valid before " + Instant.ofEpochSecond(nbf.longValue()));
    }
  }

  private void requireIssuer(JsonObject claims) {
    if (!issuer.isEmpty() && !issuer.equals(claims.getValue("iss"))) {
      throw new Unauthenticated("wrong issuer");
    }
  }

  private void requireAudience(JsonObject claims) {
    if (audience.isEmpty()) {
      return;
    }
    Object aud = claims.getValue("aud");
    boolean matches =
        aud instanceof JsonArray list ? list.contains(audience) : audience.equals(aud);
    if (!matches) {
      throw new Unauthenticated("wrong audience");
    }
  }

  private static String requireText(JsonObject claims, String claim, String refusal) {
    if (claims.getValue(claim) instanceof String text && !text.isBlank()) {
      return text;
    }
    throw new Unauthenticated(refusal);
  }

  private static Set<Role> requireRoles(JsonObject claims) {
    Object value = claims.getValue("roles");
    if (value == null) {
      throw new Unauthenticated("token has no roles");
    }
    if (!(value instanceof JsonArray names)) {
      throw new Unauthenticated("token roles must be an array of strings");
    }
    if (names.isEmpty()) {
      throw new Unauthenticated("token has no roles");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object name : names) {
      if (!(name instanceof String wireName)) {
        throw new Unauthenticated("token roles must be an array of strings");
      }
      try {
        roles.add(Role.parse(wireName));
      } catch (IllegalArgumentException unknown) {
        throw new Unauthenticated("token has an " + unknown.getMessage());
      }
    }
    return roles;
  }
}
