package io.switchboard.server.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small shell process that stops the embedded PostgreSQL and Redis when the node's JVM dies
 * without stopping them (SIGKILL, a crash, the out-of-memory killer). It waits on a pipe from the
 * JVM: only the kernel closes that pipe when the JVM dies, while a node that stops normally says
 * {@value #STAND_DOWN} first. Like {@link Leftovers}, it stops a process only after checking that
 * it is the server of this data folder.
 */
final class Watchdog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

  /** What the node writes to the watchdog when it stops its services itself. */
  static final String STAND_DOWN = "stand-down";

  /** How long a standing-down watchdog may take to exit. */
  private static final long EXIT_SECONDS = 5;

  /**
   * $1: PostgreSQL data directory or empty, $2: Redis pid file or empty, $3: Redis binary. Ctrl-C
   * and a closing terminal reach the whole process group, but the node's own shutdown handles
   * those: the watchdog ignores them and acts only on the pipe.
   */
  private static final String SCRIPT =
      """
      trap '' INT HUP
      read -r word
      [ "$word" = "%s" ] && exit 0
      if [ -n "$1" ] && read -r pid < "$1/postmaster.pid" 2>/dev/null \\
          && tr '\\0' '\\n' < "/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$1"; then
        kill -INT "$pid"
      fi
      if [ -n "$2" ] && read -r pid < "$2" 2>/dev/null \\
          && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$3" ]; then
        kill -TERM "$pid"
      fi
      """
          .formatted(STAND_DOWN);

  private final Process process;

  private Watchdog(Process process) {
    this.process = process;
  }

  /** Starts a watchdog over the servers of {@code postgresDir} and {@code redisPidFile}. */
  static Watchdog start(Path postgresDir, Path redisPidFile, Path redisBinary) throws IOException {
    Process process =
        new ProcessBuilder(
                "sh",
                "-c",
                SCRIPT,
                "switchboard-watchdog",
                postgresDir == null ? "" : postgresDir.toString(),
                redisPidFile == null ? "" : redisPidFile.toString(),
                redisBinary == null ? "" : redisBinary.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    return new Watchdog(process);
  }

  /** Tells the watchdog that the node stopped its services itself, and waits for it to exit. */
  @Override
  public void close() {
    try (OutputStream pipe = process.getOutputStream()) {
      pipe.write((STAND_DOWN + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      LOG.warn("The embedded services' watchdog is already gone: {}", e.getMessage());
    }
    try {
      if (!process.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
    }
  }
}
