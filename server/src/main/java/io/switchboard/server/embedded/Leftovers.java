package io.switchboard.server.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the embedded PostgreSQL and Redis that a node which died without stopping them left running
 * on its data folder, and stops them. Called only while holding the folder's {@link
 * DataFolderLock}, so no live node uses them. A process is stopped only when it is provably the one
 * left there: the PostgreSQL serving exactly this data directory, the Redis running the binary in
 * this folder; anything else with a recorded pid is left alone.
 */
final class Leftovers {

  private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

  /** How long a leftover server gets to shut down cleanly before it is told to stop at once. */
  private static final long CLEAN_STOP_SECONDS = 15;

  /** How long a leftover server gets after being told to stop at once. */
  private static final long FORCED_STOP_SECONDS = 10;

  private Leftovers() {}

  /** Stops the PostgreSQL left running on {@code postgresDir}, if there is one. */
  static void stopPostgres(Path postgresDir) throws IOException {
    Optional<ProcessHandle> left =
        recordedPid(postgresDir.resolve("postmaster.pid"))
            .flatMap(ProcessHandle::of)
            .filter(process -> servesDataDirectory(process.pid(), postgresDir));
    if (left.isPresent()) {
      // SIGINT is PostgreSQL's fast shutdown: it ends sessions and writes a checkpoint;
      // SIGQUIT is its immediate shutdown, which the next start recovers from with the WAL.
      stop(left.get(), "PostgreSQL", "INT", "QUIT");
    }
  }

  /** Stops the Redis left running from {@code binary}, if its pid file names one. */
  static void stopRedis(Path pidFile, Path binary) throws IOException {
    Optional<ProcessHandle> left =
        recordedPid(pidFile)
            .flatMap(ProcessHandle::of)
            .filter(process -> runs(process.pid(), binary));
    if (left.isPresent()) {
      stop(left.get(), "Redis", "TERM", "KILL");
    }
  }

  private static void stop(ProcessHandle process, String name, String clean, String forced)
      throws IOException {
    LOG.warn(
        "Stopping the embedded {} (pid {}) that a node which did not stop cleanly left running",
        name,
        process.pid());
    CompletableFuture<ProcessHandle> exit = process.onExit();
    signal(process.pid(), clean);
    if (awaitExit(exit, CLEAN_STOP_SECONDS)) {
      return;
    }
    signal(process.pid(), forced);
    if (!awaitExit(exit, FORCED_STOP_SECONDS)) {
      throw new EmbeddedServicesException(
          "the embedded "
              + name
              + " (pid "
              + process.pid()
              + ") left by a node that did not stop cleanly does not stop");
    }
  }

  private static boolean awaitExit(CompletableFuture<ProcessHandle> exit, long seconds)
      throws IOException {
    try {
      exit.get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping a leftover server", e);
    }
  }

  /** Sends a named signal; Java's process API knows only TERM and KILL. */
  private static void signal(long pid, String name) throws IOException {
    try {
      new ProcessBuilder("kill", "-s", name, Long.toString(pid))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while signalling pid " + pid, e);
    }
  }

  /** The pid on the first line of a pid file, if the file exists and holds one. */
  static Optional<Long> recordedPid(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code pid} is a postmaster whose {@code -D} names {@code dataDirectory}. */
  private static boolean servesDataDirectory(long pid, Path dataDirectory) {
    List<String> args = commandLine(pid);
    int flag = args.indexOf("-D");
    return !args.isEmpty()
        && Path.of(args.get(0)).getFileName().toString().equals("postgres")
        && flag >= 0
        && flag + 1 < args.size()
        && Path.of(args.get(flag + 1)).toAbsolutePath().normalize().equals(dataDirectory);
  }

  /** Whether {@code pid} executes {@code binary} (or the file that was there when it started). */
  private static boolean runs(long pid, Path binary) {
    try {
      String exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).toString();
      return exe.equals(binary.toString()) || exe.equals(binary + " (deleted)");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static List<String> commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
    } catch (IOException e) {
      return List.of();
    }
  }
}
