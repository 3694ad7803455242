package io.switchboard.server.embedded;

import io.switchboard.server.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Switchboard node run as its own JVM on the test's classpath, as {@code java -jar} runs it:
 * embedded services, its output kept, readiness awaited on the start-up banner.
 */
final class ServerProcess implements AutoCloseable {

  /** Generous: the embedded PostgreSQL runs initdb on a new folder, on a shared machine. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final Process process;
  private final int port;
  private final StringBuffer output = new StringBuffer();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    Thread reader = new Thread(this::readOutput, "server-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a node on {@code dataDir} listening on a free port; {@code tmpDir} is its {@code
   * java.io.tmpdir}, so that what it leaves there can be inspected.
   */
  static ServerProcess start(Path dataDir, Path tmpDir) throws IOException {
    int port = freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    // The PostgreSQL binaries are unpacked once for every test, not into each private tmpdir.
    String pgBinaries = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Djava.io.tmpdir=" + tmpDir,
                "-Dot.epg.working-dir=" + pgBinaries,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName())
            .redirectErrorStream(true);
    builder.environment().put("SWITCHBOARD_HTTP_PORT", Integer.toString(port));
    builder.environment().put("SWITCHBOARD_HTTP_HOST", "127.0.0.1");
    builder.environment().put("SWITCHBOARD_NODE_DATA_DIR", dataDir.toString());
    return new ServerProcess(builder.start(), port);
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** Its direct child processes (the embedded Redis and the watchdog; PostgreSQL daemonizes). */
  List<ProcessHandle> children() {
    return process.children().toList();
  }

  String output() {
    return output.toString();
  }

  /** Waits for the start-up banner; fails with the output if the node exits or takes too long. */
  void awaitReady() throws Exception {
    try {
      CompletableFuture.anyOf(ready, ended).get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("not ready in " + START_TIMEOUT + ":\n" + output(), e);
    }
    if (!ready.isDone()) {
      throw new AssertionError("the node exited before it was ready:\n" + output());
    }
  }

  /** Waits for the process to end (and its output to be read) and returns its exit code. */
  int awaitExit(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + ":\n" + output());
    }
    ended.get(timeout.toSeconds(), TimeUnit.SECONDS);
    return process.exitValue();
  }

  /** SIGKILL: the JVM gets no chance to run its shutdown hooks. */
  void kill() throws Exception {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  /** SIGTERM, the orderly stop; SIGKILL should it not stop in time. */
  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private void readOutput() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.append(line).append('\n');
        if (line.startsWith("Switchboard is ready")) {
          ready.complete(null);
        }
      }
    } catch (IOException e) {
      output.append("(output unreadable: ").append(e.getMessage()).append(")\n");
    } finally {
      ended.complete(null);
    }
  }

  /** Awaits the end of a process that is not a child of this JVM. */
  static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
    var handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      return true;
    }
    try {
      handle.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
