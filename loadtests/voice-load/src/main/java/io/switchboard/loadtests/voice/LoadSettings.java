package io.switchboard.loadtests.voice;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What one run of the load client does, from its command line.
 *
 * @param url the node's HTTP front, e.g. {@code http://127.0.0.1:8080}
 * @param streams telephony streams held at once (capacity mode)
 * @param rampSeconds seconds over which the streams open
 * @param seconds the steady phase measured, after the ramp
 * @param tenant tenant of the streams
 * @param secret the node's HS256 secret ({@code auth.hmac-secret})
 * @param speakers 0 for capacity mode; else streams that each say a sentence and time the reply
 * @param rounds reply mode: how many times each speaker calls and speaks
 * @param eventLoops the client's event loops, each with its own frame timer
 * @param label a name for the run in its result line
 * @param json where the JSON summary goes, or null
 */
record LoadSettings(
    URI url,
    int streams,
    int rampSeconds,
    int seconds,
    String tenant,
    String secret,
    int speakers,
    int rounds,
    int eventLoops,
    String label,
    Path json) {

  /** Largest number of streams one client process opens (a process holds 20,000 files). */
  static final int MAX_STREAMS_PER_PROCESS = 15_000;

  /** Reads {@code --name value} pairs; every setting has a default but the secret. */
  static LoadSettings parse(String... args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    String secret = options.remove("secret");
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("--secret is required (the node's auth.hmac-secret)");
    }
    LoadSettings settings =
        new LoadSettings(
            URI.create(options.getOrDefault("url", "http://127.0.0.1:8080")),
            number(options, "streams", 100),
            number(options, "ramp-seconds", 10),
            number(options, "seconds", 60),
            options.getOrDefault("tenant", "voice-load"),
            secret,
            number(options, "speakers", 0),
            number(options, "rounds", 5),
            number(options, "event-loops", 1),
            options.getOrDefault("label", "run"),
            options.containsKey("json") ? Path.of(options.get("json")) : null);
    for (String unknown :
        options.keySet().stream()
            .filter(
                k ->
                    !Map.of(
                            "url",
                            1,
                            "streams",
                            1,
                            "ramp-seconds",
                            1,
                            "seconds",
                            1,
                            "tenant",
                            1,
                            "speakers",
                            1,
                            "rounds",
                            1,
                            "event-loops",
                            1,
                            "label",
                            1,
                            "json",
                            1)
                        .containsKey(k))
            .toList()) {
      throw new IllegalArgumentException("unknown option --" + unknown);
    }
    if (settings.streams() > MAX_STREAMS_PER_PROCESS) {
      throw new IllegalArgumentException(
          "--streams over "
              + MAX_STREAMS_PER_PROCESS
              + " does not fit one process's open files: run several clients");
    }
    return settings;
  }

  private static int number(Map<String, String> options, String name, int fallback) {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n < 0) {
        throw new IllegalArgumentException("--" + name + " must not be negative: " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " is not a number: " + value);
    }
  }

  /** The node's host. */
  String host() {
    return url.getHost();
  }

  /** The node's port. */
  int port() {
    return url.getPort() > 0 ? url.getPort() : 80;
  }
}
