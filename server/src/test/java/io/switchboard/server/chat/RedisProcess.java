package io.switchboard.server.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A redis-server of the test's own on a free port, keeping nothing on disk, so that a test may kill
 * it and start it again empty without touching the machine's Redis.
 */
final class RedisProcess implements AutoCloseable {

  private static final Duration READY_WITHIN = Duration.ofSeconds(20);
  private static final Duration RETRY_EVERY = Duration.ofMillis(50);

  private final Path dir;
  private final int port;
  private Process process;

  private RedisProcess(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Starts a redis-server in {@code dir} and waits until it answers PING. */
  static RedisProcess start(Path dir) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    RedisProcess redis = new RedisProcess(dir, port);
    redis.launch();
    return redis;
  }

  /** The URL a node connects with. */
  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills the server with SIGKILL, as a crash would, and starts a new, empty one on its port. */
  void restartEmpty() throws Exception {
    kill();
    launch();
  }

  private void launch() throws Exception {
    process =
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
                    dir.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
            .start();
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (!answersPing()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        kill();
        throw new IllegalStateException("redis-server on " + port + " did not start; see " + dir);
      }
      LockSupport.parkNanos(RETRY_EVERY.toNanos());
    }
  }

  private boolean answersPing() {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(1_000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(5);
      return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return false;
    }
  }

  private void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws Exception {
    kill();
  }
}
