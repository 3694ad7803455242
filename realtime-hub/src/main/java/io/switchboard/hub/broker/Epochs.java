package io.switchboard.hub.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** The epochs that name incarnations of a stream. */
final class Epochs {

  /** Random bytes in an epoch: 48 bits make a reused epoch after expiry practically impossible. */
  private static final int EPOCH_BYTES = 6;

  private Epochs() {}

  /** A stored stream's epoch, a function of its name: see {@link Broker#storedEpoch}. */
  static String stored(String tenant, String channel) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((tenant + '\n' + channel).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, EPOCH_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A new epoch for a window-only stream that starts (again). */
  static String random() {
    byte[] bytes = new byte[EPOCH_BYTES];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
