package io.switchboard.platform.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.platform.config.AuthConfig;
import io.switchboard.platform.config.ConfigException;
import io.switchboard.platform.error.Unauthenticated;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
@DisplayName("A token is refused with the reason why")
class TokenVerifierRefusesTest {

  private static final String WRONG_SECRET = "another-secret-that-is-long-enough-for-hs256";

  @TempDir Path dir;

  private Vertx vertx;
  private KeyPair rsa;
  private TokenVerifier verifier;

  @BeforeEach
  void createVerifier(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.rsa = TestKeys.rsa();
    AuthConfig config =
        new AuthConfig(
            TestKeys.ISSUER,
            TestKeys.AUDIENCE,
            TestTokens.SECRET,
            List.of(TestKeys.writePem(dir, "rsa.pem", rsa.getPublic()).toString()),
            "",
            300,
            0);
    this.verifier = TokenVerifier.create(vertx, config).await();
  }

  @ParameterizedTest(name = "alg \"{0}\"")
  @ValueSource(strings = {"none", "None", "NONE"})
  @DisplayName("an unsigned token (alg none, in any case) is refused")
  void algNone(String none) {
    String token = TestKeys.unsigned(new JsonObject().put("alg", none), TestKeys.validClaims());

    assertRefused(token, "unsigned tokens (alg none) are refused");
  }

  @Test
  @DisplayName("an unsigned token is refused before its claims are even read")
  void algNoneWithGarbageClaims() {
    String token = TestKeys.base64url("{\"alg\":\"none\"}") + ".not-json.";

    assertRefused(token, "unsigned tokens (alg none) are refused");
  }

  @Test
  @DisplayName("an HS256 token signed with another secret is refused")
  void wrongHmacSecret() {
    assertRefused(
        TestKeys.signHmac(vertx, "HS256", WRONG_SECRET, TestKeys.validClaims()),
        "signature does not verify");
  }

  @Test
  @DisplayName("an RS256 token signed by a key that is not configured is refused")
  void rs256OtherKey() throws Exception {
    KeyPair other = TestKeys.rsa();

    assertRefused(
        TestKeys.sign(vertx, "RS256", other.getPrivate(), null, TestKeys.validClaims()),
        "signature does not verify");
  }

  @Test
  @DisplayName("an HS256 token keyed with the RSA public key (algorithm confusion) is refused")
  void algorithmConfusion() {
    String publicPem = TestKeys.pem(rsa.getPublic());

    assertRefused(
        TestKeys.signHmac(vertx, "HS256", publicPem, TestKeys.validClaims()),
        "signature does not verify");
  }

  @Test
  @DisplayName("a token whose signature was cut off is refused")
  void strippedSignature() {
    String token = TestKeys.signHmac(vertx, "HS256", TestTokens.SECRET, TestKeys.validClaims());

    assertRefused(token.substring(0, token.lastIndexOf('.') + 1), "signature does not verify");
  }

  @Test
  @DisplayName("a token whose claims were changed after signing is refused")
  void tamperedClaims() {
    String[] parts =
        TestKeys.signHmac(vertx, "HS256", TestTokens.SECRET, TestKeys.validClaims()).split("\\.");
    String forged = TestKeys.validClaims().put("tid", "other-tenant").encode();

    assertRefused(
        parts[0] + "." + TestKeys.base64url(forged) + "." + parts[2], "signature does not verify");
  }

  @Test
  @DisplayName("an RS512 token is refused when only RS256 keys are configured")
  void algorithmNotAccepted() {
    assertRefused(
        TestKeys.sign(vertx, "RS512", rsa.getPrivate(), null, TestKeys.validClaims()),
        "algorithm RS512 is not accepted");
  }

  @Test
  @DisplayName("an HS512 token is refused when only an HS256 secret is configured")
  void hmacAlgorithmNotAccepted() {
    assertRefused(
        TestKeys.signHmac(vertx, "HS512", TestTokens.SECRET, TestKeys.validClaims()),
        "algorithm HS512 is not accepted");
  }

  @Test
  @DisplayName("a token from another issuer is refused")
  void wrongIssuer() {
    assertRefused(signed(TestKeys.validClaims().put("iss", "https://evil.test")), "wrong issuer");
  }

  @Test
  @DisplayName("a token without an issuer is refused when one is configured")
  void missingIssuer() {
    assertRefused(signed(withoutClaim("iss")), "wrong issuer");
  }

  @Test
  @DisplayName("a token for another audience is refused")
  void wrongAudience() {
    assertRefused(
        signed(TestKeys.validClaims().put("aud", new JsonArray().add("billing"))),
        "wrong audience");
  }

  @Test
  @DisplayName("a token without a tenant is refused")
  void missingTenant() {
    assertRefused(signed(withoutClaim("tid")), "token has no tenant (tid)");
  }

  @Test
  @DisplayName("a token with an empty tenant is refused")
  void emptyTenant() {
    assertRefused(signed(TestKeys.validClaims().put("tid", "")), "token has no tenant (tid)");
  }

  @Test
  @DisplayName("a token without a subject is refused")
  void missingSubject() {
    assertRefused(signed(withoutClaim("sub")), "token has no subject (sub)");
  }

  @Test
  @DisplayName("a token without roles is refused")
  void missingRoles() {
    assertRefused(signed(withoutClaim("roles")), "token has no roles");
  }

  @Test
  @DisplayName("a token with an empty roles array is refused")
  void emptyRoles() {
    assertRefused(
        signed(TestKeys.validClaims().put("roles", new JsonArray())), "token has no roles");
  }

  @Test
  @DisplayName("a token whose roles are not an array of strings is refused")
  void rolesNotStrings() {
    assertRefused(
        signed(TestKeys.validClaims().put("roles", "admin")),
        "token roles must be an array of strings");
    assertRefused(
        signed(TestKeys.validClaims().put("roles", new JsonArray().add(7))),
        "token roles must be an array of strings");
  }

  @Test
  @DisplayName("a token with a role that does not exist is refused")
  void unknownRole() {
    assertRefused(
        signed(TestKeys.validClaims().put("roles", new JsonArray().add("agent").add("root"))),
        "token has an unknown role 'root'");
  }

  @Test
  @DisplayName("an expired token is refused, saying when it expired")
  void expired() {
    long exp = Instant.now().getEpochSecond() - 60;

    assertRefused(
        signed(TestKeys.validClaims().put("exp", exp)),
        "token expired at " + Instant.ofEpochSecond(exp));
  }

  @Test
  @DisplayName("a token without exp is refused")
  void missingExpiry() {
    assertRefused(signed(withoutClaim("exp")), "token has no exp");
  }

  @Test
  @DisplayName("a token that is not valid yet (nbf in the future) is refused")
  void notYetValid() {
    long nbf = Instant.now().getEpochSecond() + 300;

    assertRefused(
        signed(TestKeys.validClaims().put("nbf", nbf)),
        "token is not valid before " + Instant.ofEpochSecond(nbf));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "exp | \"soon\" | token exp is not a number",
        "exp | 9223372036854775808 | token exp is out of range",
        "exp | 1e300 | token exp is out of range",
        "exp | -1e300 | token exp is out of range",
        "exp | true | token exp is not a number",
        "nbf | \"now\" | token nbf is not a number",
        "nbf | 1e300 | token nbf is out of range",
        "iat | \"today\" | token iat is not a number",
        "iat | 9223372036854775808 | token iat is out of range",
        "iat | [1] | token iat is not a number",
        "sub | 42 | token has no subject (sub)",
        "tid | [\"acme\"] | token has no tenant (tid)",
        "roles | {\"admin\":true} | token roles must be an array of strings",
        "iss | 7 | wrong issuer",
        "aud | {} | wrong audience"
      })
  @DisplayName("a signed token whose claim has the wrong type or an absurd value is refused")
  void claimOfWrongType(String claim, String json, String reason) {
    JsonObject claims = TestKeys.validClaims();
    claims.put(claim, Json.decodeValue(json));

    assertRefused(signed(claims), reason);
  }

  @ParameterizedTest(name = "tid \"{0}\"")
  @ValueSource(strings = {"Acme", "acme corp", "../acme", "-acme", "acme\u0000", "a_b", "é"})
  @DisplayName("a token whose tenant is not a tenant slug is refused")
  void tenantNotASlug(String tid) {
    assertRefused(
        signed(TestKeys.validClaims().put("tid", tid)),
        "token tenant (tid) must be a lowercase slug of letters, digits and dashes");
  }

  @Test
  @DisplayName("a token whose tenant slug is longer than 63 characters is refused")
  void tenantTooLong() {
    assertRefused(
        signed(TestKeys.validClaims().put("tid", "a".repeat(64))),
        "token tenant (tid) must be a lowercase slug of letters, digits and dashes");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "garbage",
        "a.b",
        "a.b.c.d",
        "!!!.e30.sig",
        "e30.e30.sig",
        "WyJhbGciXQ.e30.sig",
        "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.sig"
      })
  @DisplayName("a malformed token is refused")
  void malformed(String token) {
    String reason = token.equals("e30.e30.sig") ? "token header has no alg" : "malformed token";

    assertRefused(token, reason);
  }

  @Test
  @DisplayName("a token longer than the limit is refused without being decoded")
  void tooLong() {
    assertRefused(
        "a".repeat(CompactJwt.MAX_TOKEN_CHARS + 1),
        "token longer than " + CompactJwt.MAX_TOKEN_CHARS + " characters");
  }

  @Test
  @DisplayName("a verifier cannot be created without any key")
  void noKeyConfigured(Vertx vertx) {
    AuthConfig config = new AuthConfig("", "", "", List.of(), "", 300, 0);

    assertThatThrownBy(() -> TokenVerifier.create(vertx, config).await())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no key to verify tokens with");
  }

  @Test
  @DisplayName("a verifier cannot be created from a PEM file that holds no public key")
  void notAPublicKey(Vertx vertx) throws Exception {
    Path privatePem = TestKeys.writePem(dir, "private.pem", rsa.getPrivate());
    AuthConfig config = new AuthConfig("", "", "", List.of(privatePem.toString()), "", 300, 0);

    assertThatThrownBy(() -> TokenVerifier.create(vertx, config).await())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.public-keys")
        .hasMessageContaining("BEGIN PUBLIC KEY");
  }

  @Test
  @DisplayName("a verifier cannot be created when the first JWKS fetch fails")
  void jwksUnreachable(Vertx vertx) {
    AuthConfig config =
        new AuthConfig("", "", "", List.of(), "http://localhost:1/jwks.json", 300, 0);

    assertThatThrownBy(() -> TokenVerifier.create(vertx, config).await())
        .hasMessageContaining("cannot fetch the JWKS from http://localhost:1/jwks.json");
  }

  private String signed(JsonObject claims) {
    return TestKeys.signHmac(vertx, "HS256", TestTokens.SECRET, claims);
  }

  private static JsonObject withoutClaim(String claim) {
    JsonObject claims = TestKeys.validClaims();
    claims.remove(claim);
    return claims;
  }

  private void assertRefused(String token, String reason) {
    assertThatThrownBy(() -> verifier.verify(token).await())
        .isInstanceOf(Unauthenticated.class)
        .hasMessage(reason);
  }
}
