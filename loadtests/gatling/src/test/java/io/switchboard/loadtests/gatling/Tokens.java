package io.switchboard.loadtests.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens of a run. Either minted here (HS256 over {@code {"sub","tid","roles","exp"}}, as the
 * server's {@code token} command does) with {@code -Dsecret}, or the secret in {@code -DsecretFile}
 * (default {@code data/dev-token-secret}, the file a server on embedded defaults writes, looked for
 * from the working directory upwards), for a fresh tenant ({@code -Dtenant}, default {@code
 * gatling-<random>}); or read from {@code -DtokenFile}, a properties file of {@code <user>=<jwt>}
 * lines whose tokens all belong to one tenant.
 */
final class Tokens {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TTL_SECONDS = 4 * 3600;
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER =
      BASE64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private final byte[] secret;
  private final Properties file;
  private final String tenant;

  private Tokens(byte[] secret, Properties file, String tenant) {
    this.secret = secret;
    this.file = file;
    this.tenant = tenant;
  }

  /** The token source the system properties choose. */
  static Tokens fromSystemProperties() {
    String tokenFile = Env.string("tokenFile", null);
    if (tokenFile != null) {
      Properties tokens = new Properties();
      Path path = Env.findUpwards(tokenFile);
      try (Reader reader = Files.newBufferedReader(path)) {
        tokens.load(reader);
      } catch (IOException | IllegalArgumentException e) {
        throw Env.refuse("cannot read -DtokenFile " + path + ": " + e.getMessage());
      }
      if (tokens.isEmpty()) {
        throw Env.refuse("-DtokenFile " + path + " holds no <user>=<jwt> lines");
      }
      String any = tokens.getProperty(tokens.stringPropertyNames().iterator().next());
      return new Tokens(null, tokens, claims(any).path("tid").asText());
    }
    String secret = Env.string("secret", null);
    if (secret == null) {
      Path path = Env.findUpwards(Env.string("secretFile", "data/dev-token-secret"));
      if (!Files.isReadable(path)) {
        throw Env.refuse(
            "no token secret: "
                + path
                + " does not exist; pass -Dsecret=<the node's auth.hmac-secret>,"
                + " -DsecretFile=<the node's data/dev-token-secret> or -DtokenFile=<user=jwt lines>");
      }
      try {
        secret = Files.readString(path).trim();
      } catch (IOException e) {
        throw Env.refuse("cannot read -DsecretFile " + path + ": " + e.getMessage());
      }
    }
    String tenant = Env.string("tenant", "gatling-" + UUID.randomUUID().toString().substring(0, 8));
    return new Tokens(secret.getBytes(StandardCharsets.UTF_8), null, tenant);
  }

  String tenant() {
    return tenant;
  }

  /** A token of {@code user} with {@code role} (from the token file: the one listed for user). */
  String token(String user, String role) {
    if (file != null) {
      String token = file.getProperty(user);
      if (token == null) {
        throw Env.refuse("-DtokenFile has no token for user " + user);
      }
      return token;
    }
    ObjectNode claims = JSON.createObjectNode();
    claims.put("sub", user).put("tid", tenant);
    claims.putArray("roles").add(role);
    claims.put("exp", System.currentTimeMillis() / 1000 + TTL_SECONDS);
    String unsigned =
        HEADER + "." + BASE64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
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

  private static JsonNode claims(String token) {
    String[] parts = token.trim().split("\\.");
    if (parts.length != 3) {
      throw Env.refuse("-DtokenFile holds something that is not a JWT: " + token);
    }
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IOException | IllegalArgumentException e) {
      throw Env.refuse("-DtokenFile holds a JWT with unreadable claims: " + token);
    }
  }
}
