package io.switchboard.loadtests.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Starts {@link KafkaBroker} in a JVM of its own and stops or starts its broker on demand. */
final class Kafka {

  private static final long PATIENCE_SECONDS = 120;

  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final Process process;
  private final Writer commands;
  private final String bootstrapServers;

  Kafka(Processes processes, Path work) {
    Path log = work.resolve("kafka.log");
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-cp",
                System.getProperty("java.class.path"),
                KafkaBroker.class.getName()));
    builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = processes.adopt(builder);
    commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> read(log), "kafka-stdout");
    reader.setDaemon(true);
    reader.start();
    bootstrapServers = expect("READY ").substring("READY ".length());
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  /** Shuts the broker down (its JVM and data stay), as a broker restart does. */
  void stop() {
    send("stop");
    expect("STOPPED");
  }

  void start() {
    send("start");
    expect("STARTED");
  }

  private void send(String command) {
    try {
      commands.write(command + "\n");
      commands.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String expect(String prefix) {
    try {
      String answer = answers.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
      if (answer == null || !answer.startsWith(prefix)) {
        throw new IllegalStateException("Kafka broker answered " + answer + ", not " + prefix);
      }
      return answer;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void read(Path log) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith(KafkaBroker.PREFIX)) {
          answers.add(line.substring(KafkaBroker.PREFIX.length()));
        } else {
          Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
      }
    } catch (IOException ended) {
      // the broker's JVM is gone
    }
    answers.add("EXITED");
  }
}
