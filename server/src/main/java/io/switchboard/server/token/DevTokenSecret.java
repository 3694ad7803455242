package io.switchboard.server.token;

import io.switchboard.platform.config.AuthConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The development HS256 secret: the configured {@code auth.hmac-secret}, or, when no key of any
 * kind is configured, a random secret kept in {@code <data-dir>/dev-token-secret} so that the
 * server and the {@code token} command agree on it without a well-known default.
 */
public final class DevTokenSecret {

  /** File name of the generated secret under the data folder. */
  public static final String FILE_NAME = "dev-token-secret";

  /** Random bytes in a generated secret (256 bits, as HS256 wants). */
  private static final int SECRET_BYTES = 32;

  private DevTokenSecret() {}

  /**
   * The secret to sign and verify development tokens with, creating it if needed; empty when
   * production keys are configured and no HS256 secret is.
   */
  public static Optional<String> resolve(AuthConfig auth, String dataDir) {
    if (!auth.hmacSecret().isEmpty()) {
      return Optional.of(auth.hmacSecret());
    }
    if (auth.hasProductionKeys()) {
      return Optional.empty();
    }
    return Optional.of(readOrCreate(Path.of(dataDir, FILE_NAME)));
  }

  /**
   * The secret already generated under {@code dataDir}, without creating one: a secret made where
   * no node runs would sign tokens that no node accepts.
   */
  public static Optional<String> existing(String dataDir) {
    Path file = file(dataDir);
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Where the generated secret lives for {@code dataDir}. */
  public static Path file(String dataDir) {
    return Path.of(dataDir, FILE_NAME).toAbsolutePath().normalize();
  }

  private static String readOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] random = new byte[SECRET_BYTES];
      new SecureRandom().nextBytes(random);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.writeString(file, secret + "\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
    }
  }
}
