package io.switchboard.loadtests.faults;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throws hostile input at one node's {@code /ws} while the suite's chat clients keep chatting, and
 * reports whether the node lived, its memory, the chat clients' latency before and during, and what
 * each hostile connection got.
 */
final class HostileRun {

  /** Everything the run measured. */
  record Result(
      boolean alive,
      int connections,
      int frames,
      long rssBeforeMib,
      long rssMaxMib,
      long rssAfterMib,
      long heapBeforeMib,
      long heapMaxMib,
      long heapAfterMib,
      long p50Before,
      long p99Before,
      long p50During,
      long p99During,
      Map<String, Integer> wellBehavedTold,
      int oversizedCloses,
      Map<String, Map<String, Integer>> outcomes,
      List<String> findings) {

    /** Alive, no close frame over 125 bytes, no data after a close. */
    boolean clean() {
      return alive && oversizedCloses == 0 && findings.isEmpty();
    }
  }

  private static final int WORKERS = 4;
  private static final int AWAIT_MS = 12_000;
  private static final int FLOOD_SOCKETS = 300;
  private static final int SAME_USER_SOCKETS = 40;
  private static final Duration BASELINE = Duration.ofSeconds(15);
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(15);
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
  private static final long SEED = 20261203L;
  private static final int SERVER_DISCONNECTS = 3;
  private static final int FORCE_RECONNECT = 3011;
  private static final int MAX_REASON_CHARS = 123;
  private static final int FITTING_REASON_CHARS = 61;

  private final Node node;
  private final Tokens tokens;
  private final Ledger ledger;
  private final List<ChatClient> clients;
  private final AtomicInteger users = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger frames = new AtomicInteger();
  private final AtomicInteger oversized = new AtomicInteger();
  private final Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
  private final List<String> findings = new ArrayList<>();
  private final Map<String, Integer> dataAfterClose = new TreeMap<>();
  private final HttpClient http = HttpClient.newHttpClient();

  HostileRun(Node node, Tokens tokens, Ledger ledger, List<ChatClient> clients) {
    this.node = node;
    this.tokens = tokens;
    this.ledger = ledger;
    this.clients = clients;
  }

  Result run(Duration duration) {
    FaultSuite.progress(
        "hostile-input run against "
            + node.name()
            + " for "
            + duration.toSeconds()
            + " s, chat clients go on");
    ledger.phase("hostile-before");
    clients.forEach(client -> client.publishing(true));
    Processes.pause(BASELINE);
    long heapBefore = heapAfterGc();
    long rssBefore = rss();
    ledger.phase("hostile");
    long[] max = {rssBefore, heapBefore};
    long deadline = System.nanoTime() + duration.toNanos();
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS + 1);
    workers.submit(this::connectionFloods);
    List<Attacks.Attack> attacks = Attacks.all();
    for (int w = 0; w < WORKERS; w++) {
      Random random = new Random(SEED + w);
      int first = w * attacks.size() / WORKERS;
      workers.submit(
          () -> {
            // Each worker goes through every attack in turn, from its own starting point.
            int next = first;
            while (System.nanoTime() < deadline && node.alive()) {
              attack(attacks.get(next), random);
              next = (next + 1) % attacks.size();
            }
          });
    }
    while (System.nanoTime() < deadline && node.alive()) {
      Processes.pause(SAMPLE_EVERY);
      if (node.alive()) {
        max[0] = Math.max(max[0], rss());
        max[1] = Math.max(max[1], heapAfterGc());
      }
    }
    workers.shutdown();
    try {
      workers.awaitTermination(AWAIT_MS * 4L, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
    clients.forEach(client -> client.publishing(false));
    boolean alive = node.alive() && Processes.await(node::ready, Duration.ofSeconds(10));
    dataAfterClose.forEach(
        (attack, count) ->
            findings.add(
                "a data frame followed the server's close frame "
                    + count
                    + " times, after \""
                    + attack
                    + "\""));
    long heapAfter = alive ? heapAfterGc() : -1;
    long rssAfter = alive ? rss() : -1;
    return new Result(
        alive,
        connections.get(),
        frames.get(),
        rssBefore,
        Math.max(max[0], rssAfter),
        rssAfter,
        heapBefore,
        Math.max(max[1], heapAfter),
        heapAfter,
        ledger.latencyPercentile("hostile-before", 50),
        ledger.latencyPercentile("hostile-before", 99),
        ledger.latencyPercentile("hostile", 50),
        ledger.latencyPercentile("hostile", 99),
        ledger.toldIn("hostile"),
        oversized.get(),
        outcomes,
        findings);
  }

  private void attack(Attacks.Attack attack, Random random) {
    try (RawSocket socket = new RawSocket(random)) {
      connections.incrementAndGet();
      socket.open(node.httpPort());
      try {
        attack.run(socket, random, this::token);
      } catch (IOException e) {
        // the server may cut a hostile client off while it still writes
      }
      frames.addAndGet(socket.framesSent());
      record(attack.name(), socket.await(AWAIT_MS));
    } catch (IOException e) {
      record(attack.name(), new RawSocket.Outcome("refused: " + e.getMessage(), 0, false));
    }
  }

  /** Sockets that never send connect, and one user holding more sockets than allowed. */
  private void connectionFloods() {
    for (int i = 0; i < SERVER_DISCONNECTS; i++) {
      serverDisconnect(FITTING_REASON_CHARS);
      serverDisconnect(MAX_REASON_CHARS);
    }
    flood("300 sockets that never send connect", FLOOD_SOCKETS, null);
    String user = "hostile-greedy";
    flood(
        SAME_USER_SOCKETS + " sockets of one user",
        SAME_USER_SOCKETS,
        () -> tokens.mint(user, "agent"));
  }

  private void flood(String name, int count, Supplier<String> token) {
    List<RawSocket> sockets = new ArrayList<>();
    Random random = new Random(SEED);
    try {
      for (int i = 0; i < count; i++) {
        RawSocket socket = new RawSocket(random);
        sockets.add(socket);
        connections.incrementAndGet();
        try {
          socket.open(node.httpPort());
          if (token != null) {
            Attacks.sendConnect(socket, token);
          }
        } catch (IOException e) {
          record(name, new RawSocket.Outcome("refused: " + e.getMessage(), 0, false));
        }
      }
      for (RawSocket socket : sockets) {
        frames.addAndGet(socket.framesSent());
        record(name, socket.await(AWAIT_MS));
      }
    } finally {
      sockets.forEach(RawSocket::close);
    }
  }

  /**
   * A connected client closed through the server API with a reason of {@code chars} two-byte
   * characters: 61 (122 bytes) fits a close frame, 123 (246 bytes) must be refused with 400.
   */
  private void serverDisconnect(int chars) {
    String name =
        "server API disconnect, reason of "
            + chars
            + " two-byte characters ("
            + 2 * chars
            + " bytes)";
    String user = "hostile-disconnected-" + users.incrementAndGet();
    try (RawSocket socket = new RawSocket(new Random(SEED))) {
      connections.incrementAndGet();
      socket.open(node.httpPort());
      Attacks.connect(socket, () -> tokens.mint(user, "agent"));
      frames.addAndGet(socket.framesSent());
      String body =
          new JsonObject()
              .put("user", user)
              .put("code", FORCE_RECONNECT)
              .put("reason", "\u00e9".repeat(chars))
              .encode();
      HttpRequest disconnect =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/hub/disconnect"))
              .header("Authorization", "Bearer " + tokens.mint("hostile-service", "service"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      int status = http.send(disconnect, HttpResponse.BodyHandlers.discarding()).statusCode();
      RawSocket.Outcome outcome =
          status == 200
              ? socket.await(AWAIT_MS)
              : new RawSocket.Outcome("API answered " + status, 0, false);
      record(name, outcome);
    } catch (IOException e) {
      record(name, new RawSocket.Outcome("failed: " + e.getMessage(), 0, false));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void record(String attack, RawSocket.Outcome outcome) {
    outcomes.computeIfAbsent(attack, a -> new TreeMap<>()).merge(outcome.what(), 1, Integer::sum);
    if (outcome.closePayloadBytes() > RawSocket.MAX_CONTROL_PAYLOAD) {
      if (oversized.incrementAndGet() <= 3) {
        findings.add(
            "close frame of "
                + outcome.closePayloadBytes()
                + " bytes (over 125) after \""
                + attack
                + "\"");
      }
    }
    if (outcome.dataAfterClose()) {
      dataAfterClose.merge(attack, 1, Integer::sum);
    }
  }

  private String token() {
    return tokens.mint("hostile-" + users.incrementAndGet(), "agent");
  }

  /** Heap in use right after a full collection, in MiB, by jcmd. */
  private long heapAfterGc() {
    jcmd("GC.run");
    Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
    return used.find() ? Long.parseLong(used.group(1)) / 1024 : -1;
  }

  private long rss() {
    try {
      Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", node.pid() + "", "status")));
      return rss.find() ? Long.parseLong(rss.group(1)) / 1024 : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private String jcmd(String command) {
    try {
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(node.pid()),
                  command)
              .redirectErrorStream(true)
              .start();
      String output = new String(jcmd.getInputStream().readAllBytes());
      Processes.awaitExit(jcmd, Duration.ofSeconds(30));
      return output;
    } catch (IOException e) {
      return "";
    }
  }
}
