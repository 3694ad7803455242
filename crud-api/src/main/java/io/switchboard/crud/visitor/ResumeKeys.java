package io.switchboard.crud.visitor;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The credential a widget keeps to come back to its visitor after its token expired: the contact,
 * an expiry and a signature over them with the tenant and inbox, so it opens nothing elsewhere. Its
 * key is derived from the token secret, so that it is never a key that also signs tokens.
 */
final class ResumeKeys {

  /** How long a visitor can come back to the same contact. */
  static final Duration LIFETIME = Duration.ofDays(30);

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final byte[] key;

  ResumeKeys(String secret) {
    this.key = hmac(secret.getBytes(StandardCharsets.UTF_8), "switchboard visitor resume");
  }

  /** A credential for {@code contact} of {@code tenant} in {@code inbox}, valid from now. */
  String issue(String tenant, UUID inbox, UUID contact, Instant now) {
    long expires = now.plus(LIFETIME).getEpochSecond();
    return contact + "." + expires + "." + signature(tenant, inbox, contact, expires);
  }

  /** The contact {@code credential} names, or null if it is malformed, forged or expired. */
  UUID contact(String tenant, UUID inbox, String credential, Instant now) {
    String[] parts = credential.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    UUID contact;
    long expires;
    try {
      contact = UUID.fromString(parts[0]);
      expires = Long.parseLong(parts[1]);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
    byte[] expected =
        signature(tenant, inbox, contact, expires).getBytes(StandardCharsets.US_ASCII);
    boolean genuine = MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII));
    return genuine && now.getEpochSecond() < expires ? contact : null;
  }

  private String signature(String tenant, UUID inbox, UUID contact, long expires) {
    String signed = tenant + "\n" + inbox + "\n" + contact + "\n" + expires;
    return BASE64URL.encodeToString(hmac(key, signed));
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
