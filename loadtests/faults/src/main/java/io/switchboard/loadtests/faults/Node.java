package io.switchboard.loadtests.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One Switchboard node (roles hub and crud) in a JVM of its own, started from the server jar. */
final class Node {

  private static final Duration READY_PATIENCE = Duration.ofSeconds(300);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final int SIGKILL = 9;
  private static final String HEAP = "-Xmx512m";

  private final Processes processes;
  private final Path jar;
  private final Path work;
  private final int index;
  private final int httpPort = Processes.freePort();
  private final int clusterPort = Processes.freePort();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
  private Map<String, String> environment = Map.of();
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

  /** Sets what every start of this node gets in its environment. */
  void environment(Map<String, String> shared, List<Node> others) {
    List<String> members = new ArrayList<>();
    others.forEach(other -> members.add(other.member()));
    Map<String, String> env = new java.util.HashMap<>(shared);
    env.put("SWITCHBOARD_HTTP_PORT", Integer.toString(httpPort));
    env.put("SWITCHBOARD_CLUSTER_HOST", "127.0.0.1");
    env.put("SWITCHBOARD_CLUSTER_PORT", Integer.toString(clusterPort));
    env.put("SWITCHBOARD_CLUSTER_MEMBERS", String.join(",", members));
    env.put("SWITCHBOARD_NODE_DATA_DIR", work.resolve(name() + "-data").toString());
    environment = env;
  }

  /** Starts the JVM; {@link #awaitReady()} waits for it to serve. */
  void start() {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            HEAP,
            "-jar",
            jar.toString(),
            "--cluster",
            "--roles",
            "hub,crud");
    builder.environment().putAll(environment);
    process = processes.start(builder, work.resolve(name() + ".log"));
  }

  void awaitReady() {
    if (!Processes.await(this::ready, READY_PATIENCE)) {
      throw new IllegalStateException(
          name() + " is not ready; see " + work.resolve(name() + ".log"));
    }
  }

  /** A crash: SIGKILL, no shutdown hook, no close frames. */
  void kill() {
    Processes.signal(process, SIGKILL);
    Processes.awaitExit(process, READY_PATIENCE);
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  boolean ready() {
    if (!alive()) {
      throw new IllegalStateException(
          name()
              + " exited with "
              + process.exitValue()
              + "; see "
              + work.resolve(name() + ".log"));
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
