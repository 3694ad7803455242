package io.switchboard.crud.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL with the pgvector extension, for the tests of what Switchboard does when the
 * database has it: PGlite (PostgreSQL compiled to WebAssembly, with pgvector built the same way)
 * behind its wire-protocol server, on a random port, in memory. The machine's PostgreSQL has no
 * pgvector package. Needs Node.js and npm; the packages come from {@code src/test/pglite}'s lock
 * file.
 */
public final class PgliteServer implements AutoCloseable {

  /** The package folder, from crud-api's tests or from another module's beside it. */
  private static final Path DIR =
      Files.isDirectory(Path.of("src", "test", "pglite"))
          ? Path.of("src", "test", "pglite")
          : Path.of("..", "crud-api", "src", "test", "pglite");

  private static final Pattern LISTENING = Pattern.compile("\"port\":(\\d+)");
  private static final long NPM_MINUTES = 5;
  private static final long START_SECONDS = 120;

  private final Process process;
  private final int port;

  private PgliteServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Installs the packages if needed and starts a server with pgvector loaded. */
  public static PgliteServer start() throws Exception {
    if (!Files.isDirectory(DIR.resolve("node_modules"))) {
      Process npm =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
              .directory(DIR.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!npm.waitFor(NPM_MINUTES, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        npm.destroyForcibly();
        throw new IllegalStateException("npm ci failed in " + DIR.toAbsolutePath());
      }
    }
    Process process =
        new ProcessBuilder(
                List.of(
                    "node",
                    "node_modules/@electric-sql/pglite-socket/dist/scripts/server.js",
                    "--port=0",
                    "--extensions=@electric-sql/pglite-pgvector:vector",
                    "--max-connections=4"))
            .directory(DIR.toFile())
            .redirectErrorStream(true)
            .start();
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    StringBuilder output = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  synchronized (output) {
                    output.append(line).append('\n');
                  }
                  Matcher port = LISTENING.matcher(line);
                  if (line.contains("listening") && port.find()) {
                    listening.complete(Integer.parseInt(port.group(1)));
                  }
                }
              } catch (IOException closed) {
                // The process ended; the wait below reports it.
              }
              listening.completeExceptionally(new IllegalStateException("pglite-server ended"));
            },
            "pglite-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new PgliteServer(process, listening.get(START_SECONDS, TimeUnit.SECONDS));
    } catch (Exception notStarted) {
      process.destroyForcibly();
      synchronized (output) {
        throw new IllegalStateException("pglite-server did not start:\n" + output, notStarted);
      }
    }
  }

  /** The URL the services take, as for the machine's PostgreSQL. */
  public String url() {
    return "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
