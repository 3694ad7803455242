package io.switchboard.loadtests.gatling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The settings every simulation reads from system properties ({@code -Dname=value} on the Maven
 * command line; the Gatling plugin hands them to the simulation's JVM).
 */
final class Env {

  /**
   * Exit code of a run that a missing or wrong setting stopped before any load; not 2, which the
   * Gatling plugin reports as failed assertions.
   */
  static final int EXIT_BAD_SETTING = 3;

  /** Starts the line a refused run prints, so that it stands out in Maven's output. */
  static final String REFUSAL_PREFIX = "switchboard-gatling: ";

  private Env() {}

  /**
   * Ends the run with one line saying what to pass: an exception out of a simulation's constructor
   * or {@code before()} would end it in two copies of Gatling's stack trace instead. Declared to
   * return an exception so that callers can {@code throw} it and the compiler sees the end.
   */
  static IllegalStateException refuse(String message) {
    System.out.flush();
    System.err.println(REFUSAL_PREFIX + message);
    System.err.flush();
    System.exit(EXIT_BAD_SETTING);
    return new IllegalStateException(message);
  }

  /** {@code -DbaseUrl}: the node's HTTP front, e.g. {@code http://127.0.0.1:8080}. */
  static String baseUrl() {
    String url = System.getProperty("baseUrl", "http://127.0.0.1:8080").trim();
    if (!url.matches("https?://[^/\\s]+(/\\S*)?")) {
      throw refuse("-DbaseUrl must be the node's http:// or https:// address, got '" + url + "'");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The chat WebSocket base URL matching {@link #baseUrl()} ({@code ws://} or {@code wss://}). */
  static String wsBaseUrl() {
    return baseUrl().replaceFirst("^http", "ws");
  }

  /** A whole number of zero or more ({@code -Dusers=50}). */
  static int integer(String name, int fallback) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException notANumber) {
      // refused below, with the value
    }
    throw refuse("-D" + name + " must be a whole number of 0 or more, got '" + value + "'");
  }

  /** A number of zero or more ({@code -Drate=2.5}). */
  static double decimal(String name, double fallback) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value.trim());
      if (parsed >= 0 && Double.isFinite(parsed)) {
        return parsed;
      }
    } catch (NumberFormatException notANumber) {
      // refused below, with the value
    }
    throw refuse("-D" + name + " must be a number of 0 or more, got '" + value + "'");
  }

  /** {@code true} or {@code false} ({@code -Dfresh=true}). */
  static boolean bool(String name, boolean fallback) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw refuse("-D" + name + " must be true or false, got '" + value + "'");
    };
  }

  static String string(String name, String fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /** A duration in whole seconds ({@code -Dduration=60}). */
  static Duration seconds(String name, int fallback) {
    return Duration.ofSeconds(integer(name, fallback));
  }

  /** A duration in milliseconds ({@code -DthinkMs=500}). */
  static Duration millis(String name, int fallback) {
    return Duration.ofMillis(integer(name, fallback));
  }

  /** {@code -Dp99Ms}: the 99th percentile response time the run must stay under. */
  static int p99Ms(int fallback) {
    return integer("p99Ms", fallback);
  }

  /** {@code -DminOkPercent}: the share of successful requests the run must reach. */
  static double minOkPercent(double fallback) {
    return decimal("minOkPercent", fallback);
  }

  /**
   * Finds {@code relative} in the working directory or the nearest parent that has it: the plugin
   * may run the simulation in the module folder while the server's {@code data/} is at the
   * repository root.
   */
  static Path findUpwards(String relative) {
    Path given = Path.of(relative);
    if (given.isAbsolute()) {
      return given;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    return given.toAbsolutePath();
  }
}
