package io.switchboard.loadtests.gatling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The settings every simulation reads from system properties ({@code -Dname=value} on the Maven
 * command line; the Gatling plugin hands them to the simulation's JVM).
 */
final class Env {

  private Env() {}

  /** {@code -DbaseUrl}: the node's HTTP front, e.g. {@code http://127.0.0.1:8080}. */
  static String baseUrl() {
    String url = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The chat WebSocket base URL matching {@link #baseUrl()} ({@code ws://} or {@code wss://}). */
  static String wsBaseUrl() {
    return baseUrl().replaceFirst("^http", "ws");
  }

  static int integer(String name, int fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }

  static double decimal(String name, double fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : Double.parseDouble(value.trim());
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
