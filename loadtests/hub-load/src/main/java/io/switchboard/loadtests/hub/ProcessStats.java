package io.switchboard.loadtests.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time and resident memory of processes on this machine, read from {@code /proc}: the server
 * under test (with its helpers, e.g. Switchboard's Redis) and the load client itself.
 */
final class ProcessStats {

  /** Linux's clock ticks per second for {@code /proc/<pid>/stat}; 100 on every common kernel. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final List<String> pids;

  private ProcessStats(List<String> pids) {
    this.pids = pids;
  }

  /** The processes in a comma-separated list of pids ({@code self} for this one); may be empty. */
  static ProcessStats of(String commaSeparated) {
    List<String> pids = new ArrayList<>();
    for (String pid : commaSeparated.split(",")) {
      if (!pid.isBlank()) {
        pids.add(pid.trim());
      }
    }
    return new ProcessStats(pids);
  }

  boolean isEmpty() {
    return pids.isEmpty();
  }

  /** User plus system CPU seconds used so far, summed over the processes. */
  double cpuSeconds() {
    double ticks = 0;
    for (String pid : pids) {
      String stat = read(pid, "stat");
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** Resident memory in KiB, summed over the processes. */
  long rssKib() {
    long kib = 0;
    for (String pid : pids) {
      for (String line : read(pid, "status").split("\n")) {
        if (line.startsWith("VmRSS:")) {
          kib += Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    }
    return kib;
  }

  private static String read(String pid, String file) {
    try {
      return Files.readString(Path.of("/proc", pid, file));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/" + file, e);
    }
  }
}
