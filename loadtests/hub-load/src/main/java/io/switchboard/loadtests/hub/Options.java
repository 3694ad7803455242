package io.switchboard.loadtests.hub;

import java.util.HashMap;
import java.util.Map;

/** The command line: a mode followed by {@code --name value} pairs. */
final class Options {

  private final String mode;
  private final Map<String, String> values = new HashMap<>();

  private Options(String mode) {
    this.mode = mode;
  }

  static Options parse(String[] args) {
    if (args.length == 0 || args[0].startsWith("--")) {
      throw new IllegalArgumentException(
          "the first argument is the mode: seed, fanout, publish, idle, sweep");
    }
    Options options = new Options(args[0]);
    for (int i = 1; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      options.values.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  String mode() {
    return mode;
  }

  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  int integer(String name, int fallback) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
  }

  double decimal(String name, double fallback) {
    return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
  }
}
