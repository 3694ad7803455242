package io.switchboard.server.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js scripts in {@code src/test/node}: their packages installed from the lock file, and a
 * script run to its end with its output kept. Needs Node.js and npm on the PATH.
 */
public final class NodeScripts {

  /** The folder of the scripts and their package.json. */
  public static final Path DIR = Path.of("src", "test", "node");

  private static final long NPM_MINUTES = 5;

  private NodeScripts() {}

  /** Installs the packages unless every one of them is already there. */
  public static void install(Path logDir) throws IOException, InterruptedException {
    List<String> packages = List.of("centrifuge", "ws", "playwright-core");
    if (packages.stream()
        .allMatch(p -> Files.isDirectory(DIR.resolve("node_modules").resolve(p)))) {
      return;
    }
    run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), NPM_MINUTES, logDir);
  }

  /**
   * Runs {@code command} in the folder with {@code env} added; its output, or an assertion error
   * with it if it fails or outlasts {@code minutes}.
   */
  public static String run(List<String> command, Map<String, String> env, long minutes, Path logDir)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(logDir, "node", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(DIR.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean finished = process.waitFor(minutes, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (!finished || process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }
}
