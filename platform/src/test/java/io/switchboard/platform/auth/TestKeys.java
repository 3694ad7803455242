package io.switchboard.platform.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/** Key pairs, PEM files, JWKs and signed tokens for the auth tests. */
final class TestKeys {

  static final String ISSUER = "https://id.switchboard.test";
  static final String AUDIENCE = "switchboard";

  private TestKeys() {}

  static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  static KeyPair ec() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  /** PEM text of a public (X.509) or private (PKCS#8) key. */
  static String pem(Key key) {
    String label = key instanceof PublicKey ? "PUBLIC KEY" : "PRIVATE KEY";
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END "
        + label
        + "-----\n";
  }

  static Path writePem(Path dir, String name, Key key) throws IOException {
    return Files.writeString(dir.resolve(name), pem(key));
  }

  /** The public half of {@code pair} as a JWK with key id {@code kid}. */
  static JsonObject rsaJwk(String kid, KeyPair pair) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return new JsonObject()
        .put("kty", "RSA")
        .put("kid", kid)
        .put("use", "sig")
        .put("alg", "RS256")
        .put("n", unsigned(key.getModulus()))
        .put("e", unsigned(key.getPublicExponent()));
  }

  /** Claims every check accepts: a supervisor of tenant acme, valid for ten minutes. */
  static JsonObject validClaims() {
    long now = Instant.now().getEpochSecond();
    return new JsonObject()
        .put("sub", "user-1")
        .put("tid", "acme")
        .put("roles", new JsonArray().add("agent").add("supervisor"))
        .put("iss", ISSUER)
        .put("aud", AUDIENCE)
        .put("iat", now)
        .put("exp", now + 600);
  }

  /** {@code claims} signed by vertx-auth-jwt with {@code privateKey}, naming {@code kid} if set. */
  static String sign(Vertx vertx, String alg, Key privateKey, String kid, JsonObject claims) {
    return sign(
        vertx,
        new PubSecKeyOptions().setAlgorithm(alg).setBuffer(pem(privateKey)).setId(kid),
        claims);
  }

  /** {@code claims} signed with an HMAC secret by vertx-auth-jwt. */
  static String signHmac(Vertx vertx, String alg, String secret, JsonObject claims) {
    return sign(vertx, new PubSecKeyOptions().setAlgorithm(alg).setBuffer(secret), claims);
  }

  /** {@code header} and {@code claims} as a token with an empty signature, built by hand. */
  static String unsigned(JsonObject header, JsonObject claims) {
    return base64url(header.encode()) + "." + base64url(claims.encode()) + ".";
  }

  static String base64url(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String sign(Vertx vertx, PubSecKeyOptions key, JsonObject claims) {
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(key));
    // noTimestamp: the claims given are exactly the claims signed
    return signer.generateToken(
        claims.copy(), new JWTOptions().setAlgorithm(key.getAlgorithm()).setNoTimestamp(true));
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
