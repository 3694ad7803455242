package io.switchboard.loadtests.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A redis-server of the suite's own on a free port, without persistence: a restart comes back
 * empty, as a failover to a fresh replica would, so recovery windows and rate buckets are gone.
 */
final class Redis {

  private static final Duration START_PATIENCE = Duration.ofSeconds(30);
  private static final int SIGTERM = 15;

  private final Processes processes;
  private final Path folder;
  private final Path log;
  private final int port = Processes.freePort();
  private Process server;

  Redis(Processes processes, Path work) {
    this.processes = processes;
    this.folder = work;
    this.log = work.resolve("redis.log");
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  void start() {
    server =
        processes.start(
            new ProcessBuilder(
                List.of(
                    "redis-server",
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    folder.toString())),
            log);
    if (!Processes.await(this::accepting, START_PATIENCE)) {
      throw new IllegalStateException("redis-server did not start; see " + log);
    }
  }

  void stop() {
    Processes.signal(server, SIGTERM);
    if (!Processes.awaitExit(server, START_PATIENCE)) {
      server.destroyForcibly();
    }
  }

  private boolean accepting() {
    if (!server.isAlive()) {
      throw new IllegalStateException("redis-server exited; see " + log);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.getOutputStream().write("PING\r\n".getBytes());
      byte[] answer = new byte[7];
      return socket.getInputStream().read(answer) > 0 && answer[0] == '+';
    } catch (IOException e) {
      return false;
    }
  }
}
