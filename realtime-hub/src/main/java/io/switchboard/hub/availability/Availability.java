package io.switchboard.hub.availability;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an agent tells customers and routing about themselves. */
public enum Availability {
  ONLINE,
  BUSY,
  AWAY,
  OFFLINE;

  /** The lower-case name used on the wire and in Redis. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named by {@code value} (case-insensitive). */
  public static Availability parse(String value) {
    for (Availability status : values()) {
      if (status.wire().equalsIgnoreCase(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown availability '"
            + value
            + "', allowed: "
            + Arrays.stream(values()).map(Availability::wire).collect(Collectors.joining(", ")));
  }
}
