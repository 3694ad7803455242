package io.switchboard.loadtests.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one run of the suite does: how many nodes and conversations, which faults, how long the load
 * runs around each, and whether the hostile-input run follows.
 *
 * @param jar the server jar the nodes run
 * @param nodes cluster members, each in a JVM of its own
 * @param conversations conversations, each with a customer and an agent publishing and a second
 *     agent only reading
 * @param publishIntervalMs pause between one publisher's messages (the hub allows 10 a second)
 * @param faults the faults, in order
 * @param kafka whether a Kafka broker runs (the {@code kafka} fault needs it)
 * @param before load before each fault
 * @param after load after each fault is repaired
 * @param outage how long PostgreSQL and Redis stay stopped, and a killed node stays down
 * @param kafkaOutage how long Kafka stays stopped
 * @param hostile how long the hostile-input run lasts; zero skips it
 */
record Settings(
    Path jar,
    int nodes,
    int conversations,
    long publishIntervalMs,
    List<Fault> faults,
    boolean kafka,
    Duration before,
    Duration after,
    Duration outage,
    Duration kafkaOutage,
    Duration hostile) {

  /** The faults the suite knows, by the name the command line uses. */
  enum Fault {
    KILL_NODE("kill-node"),
    POSTGRES("stop-postgres"),
    REDIS("stop-redis"),
    KAFKA("stop-kafka");

    final String label;

    Fault(String label) {
      this.label = label;
    }

    static Fault of(String label) {
      for (Fault fault : values()) {
        if (fault.label.equals(label)) {
          return fault;
        }
      }
      throw new IllegalArgumentException("unknown fault " + label);
    }
  }

  /** The whole suite: three nodes, every fault, then the hostile-input run. */
  static Settings full(Path jar) {
    return new Settings(
        jar,
        3,
        6,
        250,
        List.of(Fault.KILL_NODE, Fault.POSTGRES, Fault.REDIS, Fault.KAFKA),
        true,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60));
  }

  /** Reads {@code --name=value} options over the full suite's defaults. */
  static Settings parse(String[] args) {
    Settings settings = full(Path.of("server/target/switchboard.jar"));
    Path jar = settings.jar();
    int nodes = settings.nodes();
    int conversations = settings.conversations();
    long interval = settings.publishIntervalMs();
    List<Fault> faults = settings.faults();
    Duration hostile = settings.hostile();
    Duration before = settings.before();
    Duration after = settings.after();
    for (String arg : args) {
      String[] pair = arg.replaceFirst("^--", "").split("=", 2);
      String value = pair.length > 1 ? pair[1] : "";
      switch (pair[0]) {
        case "jar" -> jar = Path.of(value);
        case "nodes" -> nodes = Integer.parseInt(value);
        case "conversations" -> conversations = Integer.parseInt(value);
        case "interval-ms" -> interval = Long.parseLong(value);
        case "faults" ->
            faults =
                value.isEmpty()
                    ? List.of()
                    : List.of(value.split(",")).stream().map(Fault::of).toList();
        case "hostile-seconds" -> hostile = Duration.ofSeconds(Long.parseLong(value));
        case "before-seconds" -> before = Duration.ofSeconds(Long.parseLong(value));
        case "after-seconds" -> after = Duration.ofSeconds(Long.parseLong(value));
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (nodes < 2) {
      throw new IllegalArgumentException("--nodes must be 2 or more: clients move to another node");
    }
    return new Settings(
        jar,
        nodes,
        conversations,
        interval,
        faults,
        faults.contains(Fault.KAFKA) || settings.kafka(),
        before,
        after,
        settings.outage(),
        settings.kafkaOutage(),
        hostile);
  }
}
