package io.switchboard.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.platform.config.AuthConfig;
import io.switchboard.platform.error.Unauthenticated;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("A token signed with a configured key is accepted")
class TokenVerifierAcceptsTest {

  private static final int JWKS_REFRESH_SECONDS = 300;

  @TempDir Path dir;

  @Test
  @DisplayName("an HS256 token from the minter proves its tenant, user, roles and expiry")
  void hs256FromMinter(Vertx vertx) {
    TokenVerifier verifier = TokenVerifier.create(vertx, TestTokens.authConfig()).await();
    String token = TestTokens.mint("acme", "alice", Role.AGENT, Role.SUPERVISOR);

    Caller caller = verifier.verify(token).await();

    assertThat(caller.tenantId()).isEqualTo("acme");
    assertThat(caller.userId()).isEqualTo("alice");
    assertThat(caller.roles()).containsExactlyInAnyOrder(Role.AGENT, Role.SUPERVISOR);
    assertThat(caller.has(Role.AGENT)).isTrue();
    assertThat(caller.has(Role.ADMIN)).isFalse();
    assertThat(caller.expiresAt())
        .isBetween(
            Instant.now().plus(TestTokens.TTL).minusSeconds(5),
            Instant.now().plus(TestTokens.TTL).plusSeconds(1));
  }

  @Test
  @DisplayName("an HS256 token carrying the configured issuer and audience is accepted")
  void hs256WithIssuerAndAudience(Vertx vertx) {
    AuthConfig config = hmacConfig(TestKeys.ISSUER, TestKeys.AUDIENCE);
    TokenVerifier verifier = TokenVerifier.create(vertx, config).await();
    String token =
        TokenMinter.mint(
            TestTokens.SECRET,
            "acme",
            "svc-1",
            Set.of(Role.SERVICE),
            Duration.ofMinutes(5),
            TestKeys.ISSUER,
            TestKeys.AUDIENCE);

    assertThat(verifier.verify(token).await().roles()).containsExactly(Role.SERVICE);
  }

  @Test
  @DisplayName("an audience array containing the configured audience is accepted")
  void audienceArray(Vertx vertx) {
    TokenVerifier verifier =
        TokenVerifier.create(vertx, hmacConfig(TestKeys.ISSUER, TestKeys.AUDIENCE)).await();
    JsonObject claims =
        TestKeys.validClaims().put("aud", new JsonArray().add("other").add(TestKeys.AUDIENCE));

    Caller caller =
        verifier.verify(TestKeys.signHmac(vertx, "HS256", TestTokens.SECRET, claims)).await();

    assertThat(caller.userId()).isEqualTo("user-1");
  }

  @Test
  @DisplayName("a token expired by less than the clock skew is still accepted")
  void withinClockSkew(Vertx vertx) {
    TokenVerifier verifier = TokenVerifier.create(vertx, TestTokens.authConfig()).await();
    JsonObject claims = TestKeys.validClaims().put("exp", Instant.now().getEpochSecond() - 5);

    Caller caller =
        verifier.verify(TestKeys.signHmac(vertx, "HS256", TestTokens.SECRET, claims)).await();

    assertThat(caller.tenantId()).isEqualTo("acme");
  }

  @Test
  @DisplayName("an RS256 token verifies against an RSA public key read from a PEM file")
  void rs256FromPemFile(Vertx vertx) throws Exception {
    KeyPair rsa = TestKeys.rsa();
    Path pem = TestKeys.writePem(dir, "rsa.pem", rsa.getPublic());
    TokenVerifier verifier = TokenVerifier.create(vertx, pemConfig(pem)).await();
    String token = TestKeys.sign(vertx, "RS256", rsa.getPrivate(), null, TestKeys.validClaims());

    Caller caller = verifier.verify(token).await();

    assertThat(caller.tenantId()).isEqualTo("acme");
    assertThat(caller.roles()).containsExactlyInAnyOrder(Role.AGENT, Role.SUPERVISOR);
  }

  @Test
  @DisplayName("an ES256 token verifies against an EC P-256 public key read from a PEM file")
  void es256FromPemFile(Vertx vertx) throws Exception {
    KeyPair ec = TestKeys.ec();
    Path pem = TestKeys.writePem(dir, "ec.pem", ec.getPublic());
    TokenVerifier verifier = TokenVerifier.create(vertx, pemConfig(pem)).await();
    String token = TestKeys.sign(vertx, "ES256", ec.getPrivate(), null, TestKeys.validClaims());

    assertThat(signatureLength(token)).as("JWS ES256 signatures are R||S").isEqualTo(64);
    assertThat(verifier.verify(token).await().userId()).isEqualTo("user-1");
  }

  @Test
  @DisplayName("HS256, RSA and EC keys configured together each verify their own tokens")
  void allKeyKindsTogether(Vertx vertx) throws Exception {
    KeyPair rsa = TestKeys.rsa();
    KeyPair ec = TestKeys.ec();
    AuthConfig config =
        new AuthConfig(
            TestKeys.ISSUER,
            TestKeys.AUDIENCE,
            TestTokens.SECRET,
            List.of(
                TestKeys.writePem(dir, "rsa.pem", rsa.getPublic()).toString(),
                TestKeys.writePem(dir, "ec.pem", ec.getPublic()).toString()),
            "",
            JWKS_REFRESH_SECONDS,
            0);
    TokenVerifier verifier = TokenVerifier.create(vertx, config).await();
    JsonObject claims = TestKeys.validClaims();

    assertThat(
            verifier.verify(TestKeys.signHmac(vertx, "HS256", TestTokens.SECRET, claims)).await())
        .isNotNull();
    assertThat(
            verifier.verify(TestKeys.sign(vertx, "RS256", rsa.getPrivate(), null, claims)).await())
        .isNotNull();
    assertThat(
            verifier.verify(TestKeys.sign(vertx, "ES256", ec.getPrivate(), null, claims)).await())
        .isNotNull();
  }

  @Test
  @DisplayName("an RS256 token whose kid is in the JWKS served by the identity provider verifies")
  void jwks(Vertx vertx) throws Exception {
    KeyPair rsa = TestKeys.rsa();
    JwksServer idp = JwksServer.start(vertx, TestKeys.rsaJwk("key-1", rsa));
    try (TokenVerifier verifier = TokenVerifier.create(vertx, jwksConfig(idp)).await()) {
      String token =
          TestKeys.sign(vertx, "RS256", rsa.getPrivate(), "key-1", TestKeys.validClaims());

      assertThat(verifier.verify(token).await().tenantId()).isEqualTo("acme");
    }
  }

  @Test
  @DisplayName("a key rotated into the JWKS later is fetched when a token names its kid")
  void jwksRotationOnUnknownKid(Vertx vertx) throws Exception {
    KeyPair first = TestKeys.rsa();
    KeyPair second = TestKeys.rsa();
    JwksServer idp = JwksServer.start(vertx, TestKeys.rsaJwk("key-1", first));
    try (TokenVerifier verifier =
        JwtTokenVerifier.create(
                vertx, jwksConfig(idp), Duration.ofSeconds(JWKS_REFRESH_SECONDS), Duration.ZERO)
            .await()) {
      idp.publish(TestKeys.rsaJwk("key-1", first), TestKeys.rsaJwk("key-2", second));
      String token =
          TestKeys.sign(vertx, "RS256", second.getPrivate(), "key-2", TestKeys.validClaims());

      assertThat(verifier.verify(token).await().userId()).isEqualTo("user-1");
      assertThat(idp.fetches()).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("unknown kids cause at most one JWKS fetch per interval, and are refused meanwhile")
  void unknownKidRefetchIsRateLimited(Vertx vertx) throws Exception {
    KeyPair first = TestKeys.rsa();
    KeyPair second = TestKeys.rsa();
    JwksServer idp = JwksServer.start(vertx, TestKeys.rsaJwk("key-1", first));
    try (TokenVerifier verifier = TokenVerifier.create(vertx, jwksConfig(idp)).await()) {
      idp.publish(TestKeys.rsaJwk("key-1", first), TestKeys.rsaJwk("key-2", second));
      String token =
          TestKeys.sign(vertx, "RS256", second.getPrivate(), "key-2", TestKeys.validClaims());

      for (int attempt = 0; attempt < 3; attempt++) {
        assertThatThrownBy(() -> verifier.verify(token).await())
            .isInstanceOf(Unauthenticated.class)
            .hasMessage("no key matches the token's kid");
      }
      assertThat(idp.fetches()).as("only the fetch at creation").isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a token that waited for a JWKS fetch is answered on the caller's own context")
  void answersOnCallerContext(Vertx vertx) throws Exception {
    KeyPair rsa = TestKeys.rsa();
    JwksServer idp = JwksServer.start(vertx, TestKeys.rsaJwk("key-1", rsa));
    try (TokenVerifier verifier = TokenVerifier.create(vertx, jwksConfig(idp)).await()) {
      String token =
          TestKeys.sign(vertx, "RS256", rsa.getPrivate(), "unknown-kid", TestKeys.validClaims());
      Context caller = vertx.getOrCreateContext();
      CompletableFuture<Context> answeredOn = new CompletableFuture<>();

      caller.runOnContext(
          start ->
              verifier
                  .verify(token)
                  .onComplete(result -> answeredOn.complete(Vertx.currentContext())));

      assertThat(answeredOn.get(5, TimeUnit.SECONDS)).isSameAs(caller);
    }
  }

  @Test
  @DisplayName("the JWKS is fetched again on a timer, and no more once the verifier is closed")
  void jwksPeriodicRefresh(Vertx vertx) throws Exception {
    KeyPair first = TestKeys.rsa();
    KeyPair second = TestKeys.rsa();
    JwksServer idp = JwksServer.start(vertx, TestKeys.rsaJwk("key-1", first));
    TokenVerifier verifier =
        JwtTokenVerifier.create(vertx, jwksConfig(idp), Duration.ofMillis(100), Duration.ofHours(1))
            .await();
    idp.publish(TestKeys.rsaJwk("key-2", second));
    awaitFetches(idp, 3);
    String token =
        TestKeys.sign(vertx, "RS256", second.getPrivate(), "key-2", TestKeys.validClaims());

    assertThat(verifier.verify(token).await().userId()).isEqualTo("user-1");

    verifier.close();
    int fetchesAtClose = idp.fetches();
    Thread.sleep(400);
    assertThat(idp.fetches()).isLessThanOrEqualTo(fetchesAtClose + 1);
  }

  @Test
  @DisplayName("a token accepted once is accepted again from memory, until the moment it expires")
  void acceptedAgainUntilExpiry(Vertx vertx) throws Exception {
    AuthConfig noSkew =
        new AuthConfig(TestKeys.ISSUER, TestKeys.AUDIENCE, TestTokens.SECRET, List.of(), "", 60, 0);
    TokenVerifier verifier = TokenVerifier.create(vertx, noSkew).await();
    long exp = Instant.now().getEpochSecond() + 1;
    String token =
        TestKeys.signHmac(
            vertx, "HS256", TestTokens.SECRET, TestKeys.validClaims().put("exp", exp));

    Caller first = verifier.verify(token).await();
    assertThat(verifier.verify(token).await()).isEqualTo(first);

    while (Instant.now().getEpochSecond() <= exp) {
      Thread.sleep(50);
    }
    assertThatThrownBy(() -> verifier.verify(token).await())
        .isInstanceOf(Unauthenticated.class)
        .hasMessage("token expired at " + Instant.ofEpochSecond(exp));
  }

  @Test
  @DisplayName("a token accepted once is refused once the JWKS no longer has its key")
  void refusedAfterItsKeyLeavesTheJwks(Vertx vertx) throws Exception {
    KeyPair first = TestKeys.rsa();
    KeyPair second = TestKeys.rsa();
    JwksServer idp = JwksServer.start(vertx, TestKeys.rsaJwk("key-1", first));
    try (TokenVerifier verifier =
        JwtTokenVerifier.create(vertx, jwksConfig(idp), Duration.ofMillis(100), Duration.ofHours(1))
            .await()) {
      String token =
          TestKeys.sign(vertx, "RS256", first.getPrivate(), "key-1", TestKeys.validClaims());
      assertThat(verifier.verify(token).await().userId()).isEqualTo("user-1");
      assertThat(verifier.verify(token).await().userId()).isEqualTo("user-1");

      idp.publish(TestKeys.rsaJwk("key-2", second));
      awaitFetches(idp, idp.fetches() + 2);

      assertThatThrownBy(() -> verifier.verify(token).await())
          .isInstanceOf(Unauthenticated.class)
          .hasMessage("no key matches the token's kid");
    }
  }

  private static void awaitFetches(JwksServer idp, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (idp.fetches() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(idp.fetches()).isGreaterThanOrEqualTo(count);
  }

  private static int signatureLength(String token) {
    return Base64.getUrlDecoder().decode(token.split("\\.")[2]).length;
  }

  private static AuthConfig hmacConfig(String issuer, String audience) {
    return new AuthConfig(
        issuer, audience, TestTokens.SECRET, List.of(), "", JWKS_REFRESH_SECONDS, 30);
  }

  private static AuthConfig pemConfig(Path pem) {
    return new AuthConfig(
        TestKeys.ISSUER,
        TestKeys.AUDIENCE,
        "",
        List.of(pem.toString()),
        "",
        JWKS_REFRESH_SECONDS,
        0);
  }

  private static AuthConfig jwksConfig(JwksServer idp) {
    return new AuthConfig(
        TestKeys.ISSUER, TestKeys.AUDIENCE, "", List.of(), idp.url(), JWKS_REFRESH_SECONDS, 0);
  }

  /** An identity provider stand-in serving a JWKS that the test can change. */
  static final class JwksServer {
    private final AtomicReference<JsonObject> keySet = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer server;

    static JwksServer start(Vertx vertx, JsonObject... keys) {
      JwksServer idp = new JwksServer();
      idp.publish(keys);
      idp.server =
          vertx
              .createHttpServer()
              .requestHandler(
                  request -> {
                    idp.fetches.incrementAndGet();
                    request
                        .response()
                        .putHeader("Content-Type", "application/json")
                        .end(idp.keySet.get().encode());
                  })
              .listen(0)
              .await();
      return idp;
    }

    void publish(JsonObject... keys) {
      keySet.set(new JsonObject().put("keys", new JsonArray(List.of((Object[]) keys))));
    }

    int fetches() {
      return fetches.get();
    }

    String url() {
      return "http://localhost:" + server.actualPort() + "/.well-known/jwks.json";
    }
  }
}
