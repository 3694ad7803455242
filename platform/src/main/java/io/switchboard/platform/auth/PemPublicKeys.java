package io.switchboard.platform.auth;

import io.switchboard.platform.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.auth.PubSecKeyOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM public key files and works out from each key which JWS algorithm it verifies, so the
 * configuration lists only paths.
 */
final class PemPublicKeys {

  private static final String SETTING = "auth.public-keys";

  private static final Pattern PUBLIC_KEY_PEM =
      Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

  private PemPublicKeys() {}

  /** The key in the PEM file at {@code path}, read without blocking the event loop. */
  static Future<PubSecKeyOptions> load(Vertx vertx, String path) {
    return vertx
        .fileSystem()
        .readFile(path)
        .recover(
            failure ->
                Future.failedFuture(
                    new ConfigException(
                        SETTING, "cannot read " + path + ": " + failure.getMessage())))
        .map(pem -> parse(path, pem));
  }

  /**
   * The key in a PEM text, labelled RS256 for RSA and ES256/ES384/ES512 for EC by curve size.
   *
   * @throws ConfigException if the text holds no RSA or EC public key
   */
  static PubSecKeyOptions parse(String path, Buffer pem) {
    Matcher matcher = PUBLIC_KEY_PEM.matcher(pem.toString(StandardCharsets.US_ASCII));
    if (!matcher.find()) {
      throw new ConfigException(
          SETTING,
          path + " holds no '-----BEGIN PUBLIC KEY-----' block (X.509 SubjectPublicKeyInfo)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(matcher.group(1).strip());
    } catch (IllegalArgumentException badBase64) {
      throw new ConfigException(SETTING, path + " holds a PEM block that is not valid base64");
    }
    String algorithm = algorithmFor(path, der);
    // The library's PEM reader wants the BEGIN line first, so it gets a normalised copy.
    String normalised =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END PUBLIC KEY-----\n";
    return new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(normalised);
  }

  private static String algorithmFor(String path, byte[] der) {
    PublicKey key = decode("RSA", der);
    if (key != null) {
      return "RS256";
    }
    key = decode("EC", der);
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return switch (bits) {
        case 256 -> "ES256";
        case 384 -> "ES384";
        case 521 -> "ES512";
        default ->
            throw new ConfigException(SETTING, path + " holds an EC key on an unsupported curve");
      };
    }
    throw new ConfigException(SETTING, path + " holds neither an RSA nor an EC public key");
  }

  private static PublicKey decode(String keyType, byte[] der) {
    try {
      return KeyFactory.getInstance(keyType).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException wrongType) {
      return null;
    }
  }
}
