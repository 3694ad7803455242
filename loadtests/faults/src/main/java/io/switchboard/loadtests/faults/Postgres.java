package io.switchboard.loadtests.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A PostgreSQL server of the suite's own (the newest of Debian's installed versions), in a
 * temporary folder on a free port, so that the suite may stop and start it without touching the
 * machine's.
 */
final class Postgres {

  /** Where Debian installs each major version's server binaries, one folder per version. */
  private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");

  private static final Path BIN = newestBin();
  private static final Duration START_PATIENCE = Duration.ofSeconds(60);
  private static final int SIGINT = 2;
  private static final String OS_USER = "postgres";

  private final Processes processes;
  private final Path data;
  private final Path log;
  private final int port = Processes.freePort();
  private Process server;

  Postgres(Processes processes, Path work) {
    this.processes = processes;
    this.data = work.resolve("postgres");
    this.log = work.resolve("postgres.log");
  }

  private static Path newestBin() {
    try (var versions = Files.list(DEBIAN_VERSIONS)) {
      return versions
          .filter(dir -> dir.getFileName().toString().matches("\\d+"))
          .max(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())))
          .map(dir -> dir.resolve("bin"))
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL in " + DEBIAN_VERSIONS));
    } catch (IOException e) {
      throw new IllegalStateException(
          "no PostgreSQL in " + DEBIAN_VERSIONS + " (apt-get install postgresql)", e);
    }
  }

  String url() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  /** Creates the cluster (initdb) and starts the server. */
  Postgres init() {
    try {
      // The server runs as its own user, which must reach the folder.
      Files.setPosixFilePermissions(data.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.createDirectories(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (isRoot()) {
      check(run(List.of("chown", OS_USER + ":" + OS_USER, data.toString())), "chown");
    }
    check(
        run(
            asOwner(
                BIN.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8")),
        "initdb");
    start();
    return this;
  }

  void start() {
    server =
        processes.start(
            new ProcessBuilder(
                asOwner(
                    BIN.resolve("postgres").toString(),
                    "-D",
                    data.toString(),
                    "-p",
                    Integer.toString(port),
                    "-k",
                    data.toString(),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "max_connections=200")),
            log);
    if (!Processes.await(this::accepting, START_PATIENCE)) {
      throw new IllegalStateException("PostgreSQL did not start; see " + log);
    }
  }

  /** A fast shutdown, as an operator's {@code pg_ctl stop} does: clients are cut off. */
  void stop() {
    Processes.signal(server, SIGINT);
    if (!Processes.awaitExit(server, START_PATIENCE)) {
      server.destroyForcibly();
    }
  }

  private boolean accepting() {
    if (!server.isAlive()) {
      throw new IllegalStateException("PostgreSQL exited; see " + log);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return run(
              List.of(
                  BIN.resolve("pg_isready").toString(),
                  "-h",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(port),
                  "-q"))
          == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** PostgreSQL refuses to run as root: as root, the server runs as the postgres user. */
  private static List<String> asOwner(String... command) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(
          List.of(
              "setpriv", "--reuid", OS_USER, "--regid", OS_USER, "--init-groups", "--reset-env"));
    }
    full.addAll(List.of(command));
    return full;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private void check(int exit, String what) {
    if (exit != 0) {
      throw new IllegalStateException(what + " failed (exit " + exit + "); see " + log);
    }
  }

  private int run(List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!Processes.awaitExit(process, START_PATIENCE)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
