package io.switchboard.loadtests.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Everything the suite starts on this machine: child processes and temporary folders, all ended and
 * removed by {@link #close()}, which a shutdown hook also runs on Ctrl-C or a failure.
 */
final class Processes implements AutoCloseable {

  private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(100);

  private final List<Process> started = new ArrayList<>();
  private final List<Path> folders = new ArrayList<>();
  private final Thread hook = new Thread(this::cleanUp, "faults-cleanup");
  private boolean closed;

  Processes() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts a command whose output goes to {@code log}; it is ended on {@link #close()}. */
  synchronized Process start(ProcessBuilder builder, Path log) {
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      Process process = builder.start();
      started.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + builder.command(), e);
    }
  }

  /** Starts a command whose standard streams the caller reads; it is ended on {@link #close()}. */
  synchronized Process adopt(ProcessBuilder builder) {
    try {
      Process process = builder.start();
      started.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + builder.command(), e);
    }
  }

  /** A new temporary folder, removed on {@link #close()}. */
  synchronized Path folder(String prefix) {
    try {
      Path folder = Files.createTempDirectory(prefix);
      folders.add(folder);
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a signal by number (2 = SIGINT, 9 = SIGKILL, 15 = SIGTERM) to one process. */
  static void signal(Process process, int signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .redirectErrorStream(true)
          .start()
          .waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for a process to end, at most {@code patience}; true if it ended. */
  static boolean awaitExit(Process process, Duration patience) {
    try {
      return process.waitFor(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Polls a condition until it holds or the deadline passes; true if it held. */
  static boolean await(BooleanSupplier condition, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      pause(POLL);
    }
    return condition.getAsBoolean();
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    cleanUp();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or ran: nothing left to remove
    }
  }

  private synchronized void cleanUp() {
    if (closed) {
      return;
    }
    closed = true;
    // Politely first (PostgreSQL flushes, nodes close their clients), then by force.
    for (Process process : started) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    }
    for (Process process : started) {
      if (!awaitExit(process, STOP_PATIENCE)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(process, STOP_PATIENCE);
      }
    }
    for (Path folder : folders) {
      delete(folder);
    }
  }

  private static void delete(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException ignored) {
                  // a file a dying process still writes; the folder is in the temp space
                }
              });
    } catch (IOException ignored) {
      // already gone
    }
  }
}
