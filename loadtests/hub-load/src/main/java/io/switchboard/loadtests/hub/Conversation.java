package io.switchboard.loadtests.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A seeded conversation and the tenant it belongs to. */
record Conversation(String tenant, String id) {

  /**
   * Reads a file written by {@code seed}: a conversation id a line, or {@code tenant id} when the
   * seed spread over several tenants; lines with an id alone belong to {@code defaultTenant}.
   */
  static List<Conversation> readAll(Path file, String defaultTenant) throws IOException {
    return Files.readAllLines(file).stream()
        .map(String::trim)
        .filter(line -> !line.isEmpty())
        .map(
            line -> {
              String[] parts = line.split("\\s+");
              return parts.length == 1
                  ? new Conversation(defaultTenant, parts[0])
                  : new Conversation(parts[0], parts[1]);
            })
        .collect(Collectors.toList());
  }

  String channel() {
    return "conversation:" + id;
  }
}
