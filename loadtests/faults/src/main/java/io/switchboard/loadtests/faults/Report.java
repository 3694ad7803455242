package io.switchboard.loadtests.faults;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints the suite's figures as the Markdown tables docs/reliability.md holds. */
final class Report {

  private Report() {}

  static String table(List<PhaseResult> results) {
    StringBuilder out = new StringBuilder();
    out.append("| fault | acked | stored | delivered to every subscriber | lost | duplicated |")
        .append(" never acked | Kafka events per stored message (min) | duplicate events |")
        .append(" served again after (s) | longest reconnect (s) | p50 / p99 (ms) |")
        .append(" what clients were told |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (PhaseResult r : results) {
      out.append("| ")
          .append(r.name())
          .append(" | ")
          .append(r.acked())
          .append(" | ")
          .append(r.stored())
          .append(" | ")
          .append(r.delivered())
          .append(" | ")
          .append(r.lost())
          .append(" | ")
          .append(r.duplicated())
          .append(" | ")
          .append(r.unacked())
          .append(" | ")
          .append(r.minEvents() < 0 ? "no Kafka" : Integer.toString(r.minEvents()))
          .append(" | ")
          .append(r.minEvents() < 0 ? "" : Integer.toString(r.duplicateEvents()))
          .append(" | ")
          .append(seconds(r.servedAgainMs()))
          .append(" | ")
          .append(seconds(r.reconnectMs()))
          .append(" | ")
          .append(r.p50Ms())
          .append(" / ")
          .append(r.p99Ms())
          .append(" | ")
          .append(told(r.told()))
          .append(" |\n");
    }
    return out.toString();
  }

  static String findings(List<PhaseResult> results) {
    StringBuilder out = new StringBuilder();
    for (PhaseResult r : results) {
      for (String finding : r.findings()) {
        out.append("- ").append(r.name()).append(": ").append(finding).append('\n');
      }
    }
    return out.length() == 0 ? "No loss, no duplicate.\n" : out.toString();
  }

  static String hostile(HostileRun.Result r) {
    StringBuilder out = new StringBuilder();
    out.append("| hostile-input run | value |\n|---|---|\n");
    out.append("| server alive at the end | ").append(r.alive() ? "yes" : "NO").append(" |\n");
    out.append("| hostile connections / frames sent | ")
        .append(r.connections())
        .append(" / ")
        .append(r.frames())
        .append(" |\n");
    out.append("| RSS before / highest during / after (MiB) | ")
        .append(r.rssBeforeMib())
        .append(" / ")
        .append(r.rssMaxMib())
        .append(" / ")
        .append(r.rssAfterMib())
        .append(" |\n");
    out.append("| heap after GC before / highest during / after (MiB) | ")
        .append(r.heapBeforeMib())
        .append(" / ")
        .append(r.heapMaxMib())
        .append(" / ")
        .append(r.heapAfterMib())
        .append(" |\n");
    out.append("| well-behaved p50 / p99 before (ms) | ")
        .append(r.p50Before())
        .append(" / ")
        .append(r.p99Before())
        .append(" |\n");
    out.append("| well-behaved p50 / p99 during (ms) | ")
        .append(r.p50During())
        .append(" / ")
        .append(r.p99During())
        .append(" |\n");
    out.append("| well-behaved clients were told | ")
        .append(told(r.wellBehavedTold()))
        .append(" |\n");
    out.append("| close frames over 125 bytes of payload | ")
        .append(r.oversizedCloses())
        .append(" |\n\n");
    out.append("| attack | runs | what the hostile client got |\n|---|---|---|\n");
    r.outcomes()
        .forEach(
            (attack, outcomes) ->
                out.append("| ")
                    .append(attack)
                    .append(" | ")
                    .append(outcomes.values().stream().mapToInt(Integer::intValue).sum())
                    .append(" | ")
                    .append(told(outcomes))
                    .append(" |\n"));
    for (String finding : r.findings()) {
      out.append("- ").append(finding).append('\n');
    }
    return out.toString();
  }

  private static String told(Map<String, Integer> told) {
    return told.isEmpty()
        ? "nothing"
        : told.entrySet().stream()
            .map(e -> e.getKey() + " ×" + e.getValue())
            .collect(Collectors.joining(", "));
  }

  private static String seconds(long millis) {
    return millis < 0 ? "never" : String.format("%.1f", millis / 1000.0);
  }
}
