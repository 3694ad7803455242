package io.switchboard.loadtests.faults;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One Switchboard node (roles hub and crud) in a JVM of its own, started from the server jar. */
final class Node {

  private static final Duration READY_PATIENCE = Duration.ofSeconds(300);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final int SIGKILL = 9;
  private static final String HEAP = "-Xmx512m";
  private static final int LOG_TAIL_LINES = 40;
  private static final int FRESH_START_ATTEMPTS = 3;
  private static final String PORT_TAKEN = "Address already in use";

  private final Processes processes;
  private final Path jar;
  private final Path work;
  private final int index;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
  private Map<String, String> shared = Map.of();
  private List<Node> members = List.of();
  private int httpPort;
  private int clusterPort;
  private long logOffset;
  private Process process;

  Node(Processes processes, Path jar, Path work, int index) {
    this.processes = processes;
    this.jar = jar;
    this.work = work;
    this.index = index;
  }

  int httpPort() {
    return httpPort;
  }

  String member() {
    return "127.0.0.1:" + clusterPort;
  }

  String name() {
    return "node-" + (index + 1);
  }

  long pid() {
    return process.pid();
  }

  /** Sets what every start of this node gets in its environment besides its own addresses. */
  void environment(Map<String, String> shared) {
    this.shared = Map.copyOf(shared);
  }

  /**
   * The nodes this one lists to join the cluster at its next start. The first node lists none: it
   * would otherwise keep dialling ports nobody listens on yet, and a loopback dial can end up
   * connected to itself, holding the very port the next node is about to bind.
   */
  void members(List<Node> members) {
    this.members = List.copyOf(members);
  }

  /**
   * The first start, on ports picked free now. A port seen free can still be taken before the JVM
   * binds it (another process's outgoing connection gets it as its local port); the node then
   * refuses to start, rightly, and is started once more on other ports. Restarts keep their ports,
   * since clients reconnect to them.
   */
  void startFresh() {
    for (int attempt = 1; ; attempt++) {
      httpPort = Processes.freePort();
      clusterPort = Processes.freePort();
      start();
      try {
        awaitReady();
        return;
      } catch (IllegalStateException e) {
        if (attempt == FRESH_START_ATTEMPTS || alive() || !logSinceStart().contains(PORT_TAKEN)) {
          throw e;
        }
        FaultSuite.progress(name() + " found a port taken by another process; picking new ports");
      }
    }
  }

  /** Starts the JVM again with the same ports; {@link #awaitReady()} waits for it to serve. */
  void start() {
    Map<String, String> env = new HashMap<>(shared);
    env.put("SWITCHBOARD_HTTP_PORT", Integer.toString(httpPort));
    env.put("SWITCHBOARD_CLUSTER_HOST", "127.0.0.1");
    env.put("SWITCHBOARD_CLUSTER_PORT", Integer.toString(clusterPort));
    env.put(
        "SWITCHBOARD_CLUSTER_MEMBERS",
        String.join(",", members.stream().map(Node::member).toList()));
    env.put("SWITCHBOARD_NODE_DATA_DIR", work.resolve(name() + "-data").toString());
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            HEAP,
            "-jar",
            jar.toString(),
            "--cluster",
            "--roles",
            "hub,crud");
    builder.environment().putAll(env);
    logOffset = log().toFile().length();
    process = processes.start(builder, log());
  }

  void awaitReady() {
    if (!Processes.await(this::ready, READY_PATIENCE)) {
      throw new IllegalStateException(name() + " is not ready" + logTail());
    }
  }

  /** A crash: SIGKILL, no shutdown hook, no close frames. */
  void kill() {
    Processes.signal(process, SIGKILL);
    Processes.awaitExit(process, READY_PATIENCE);
  }

  private Path log() {
    return work.resolve(name() + ".log");
  }

  /** What this node's log gained since its last start. */
  private String logSinceStart() {
    try (RandomAccessFile file = new RandomAccessFile(log().toFile(), "r")) {
      byte[] bytes = new byte[(int) Math.max(0, file.length() - logOffset)];
      file.seek(logOffset);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(" + log() + " unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * The end of this node's log since its last start, for the failure message: the suite removes its
   * folder when it ends, so a failure seen only in CI output must carry its cause.
   */
  private String logTail() {
    List<String> lines = logSinceStart().lines().toList();
    return "; last lines of "
        + log()
        + ":\n"
        + String.join(
            "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  boolean ready() {
    if (!alive()) {
      throw new IllegalStateException(name() + " exited with " + process.exitValue() + logTail());
    }
    try {
      HttpRequest probe =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
              .timeout(PROBE_TIMEOUT)
              .build();
      return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
