package io.switchboard.loadtests.faults;

import io.switchboard.loadtests.faults.Settings.Fault;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The fault suite: a Switchboard cluster on loopback with its own PostgreSQL, Redis and Kafka,
 * under steady chat load with known message ids; one fault after another, each followed by a check
 * of what was acknowledged, stored, delivered and published as events.
 */
public final class FaultSuite implements AutoCloseable {

  private static final Duration DRAIN_PATIENCE = Duration.ofSeconds(30);
  private static final Duration DELIVERY_PATIENCE = Duration.ofSeconds(20);
  private static final Duration EVENT_PATIENCE = Duration.ofSeconds(60);
  private static final int MAX_FINDINGS = 10;
  private static final Duration RECONNECT_AFTER_REPAIR = Duration.ofSeconds(2);
  private static final int RECONNECTING_SHARE = 3;
  private static final long STARTED = System.nanoTime();
  private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final Settings settings;
  private final Processes processes = new Processes();
  private final Path work = processes.folder("switchboard-faults-");
  private final Ledger ledger = new Ledger();
  private final List<Node> nodes = new ArrayList<>();
  private final List<ChatClient> clients = new ArrayList<>();
  private final String tenant = "faults-" + UUID.randomUUID().toString().substring(0, 8);
  private final String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
  private Vertx vertx;
  private Postgres postgres;
  private Redis redis;
  private Kafka kafka;
  private Readback readback;

  public FaultSuite(Settings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) {
    Settings settings = Settings.parse(args);
    int exit;
    try (FaultSuite suite = new FaultSuite(settings)) {
      try {
        exit = runAndPrint(suite, settings);
      } finally {
        suite.keepLogs();
      }
    }
    System.exit(exit);
  }

  private static int runAndPrint(FaultSuite suite, Settings settings) {
    List<PhaseResult> results = suite.run();
    System.out.println(Report.table(results));
    System.out.println(Report.findings(results));
    HostileRun.Result hostile = null;
    if (!settings.hostile().isZero()) {
      hostile = suite.hostile();
      System.out.println(Report.hostile(hostile));
    }
    boolean clean =
        results.stream().allMatch(r -> r.lost() == 0 && r.duplicated() == 0)
            && (hostile == null || hostile.clean());
    System.out.println(clean ? "RESULT clean" : "RESULT findings (see above)");
    return clean ? 0 : 1;
  }

  /** Starts everything, runs the baseline and each fault, and returns their figures. */
  public List<PhaseResult> run() {
    startServices();
    startNodes();
    startClients();
    List<PhaseResult> results = new ArrayList<>();
    results.add(phase("baseline", null));
    for (Fault fault : settings.faults()) {
      results.add(phase(fault.label, fault));
    }
    return results;
  }

  /** The hostile-input run against the first node, while the clients keep chatting. */
  HostileRun.Result hostile() {
    return new HostileRun(nodes.get(0), new Tokens(secret, tenant), ledger, clients)
        .run(settings.hostile());
  }

  private void startServices() {
    progress("starting PostgreSQL, Redis" + (settings.kafka() ? " and Kafka" : "") + " in " + work);
    postgres = new Postgres(processes, work).init();
    redis = new Redis(processes, work);
    redis.start();
    if (settings.kafka()) {
      kafka = new Kafka(processes, work);
    }
  }

  private void startNodes() {
    Map<String, String> shared = new HashMap<>();
    shared.put("SWITCHBOARD_POSTGRES_URL", postgres.url());
    shared.put("SWITCHBOARD_REDIS_URL", redis.url());
    shared.put("SWITCHBOARD_AUTH_HMAC_SECRET", secret);
    shared.put("SWITCHBOARD_CLUSTER_NAME", "faults-" + tenant);
    shared.put("SWITCHBOARD_LOGGING_LEVEL", "WARN");
    if (kafka != null) {
      shared.put("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    }
    for (int i = 0; i < settings.nodes(); i++) {
      nodes.add(new Node(processes, settings.jar(), work, i));
    }
    nodes.forEach(node -> node.environment(shared));
    // The first node starts the cluster; each next one joins the nodes already up. Once all are
    // up, every node lists all the others, for when it is restarted.
    progress("starting " + nodes.size() + " nodes from " + settings.jar());
    for (int i = 0; i < nodes.size(); i++) {
      nodes.get(i).members(nodes.subList(0, i));
      nodes.get(i).startFresh();
    }
    for (Node node : nodes) {
      node.members(nodes.stream().filter(other -> other != node).toList());
    }
  }

  private void startClients() {
    vertx = Vertx.vertx();
    readback =
        new Readback(
            vertx, postgres.url(), tenant, kafka == null ? null : kafka.bootstrapServers());
    Tokens tokens = new Tokens(secret, tenant);
    Seed seed = new Seed(nodes.get(0).httpPort(), tokens);
    String inbox = seed.inbox("Faults");
    List<Integer> ports = nodes.stream().map(Node::httpPort).toList();
    WebSocketClient sockets =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxFrameSize(MAX_MESSAGE_BYTES)
                .setMaxMessageSize(MAX_MESSAGE_BYTES));
    int n = nodes.size();
    for (int i = 0; i < settings.conversations(); i++) {
      String customer = "customer-" + i;
      String agent = "agent-" + i;
      String reader = "reader-" + i;
      seed.agent(agent, inbox);
      seed.agent(reader, inbox);
      String channel = "conversation:" + seed.conversation(inbox, customer);
      clients.add(
          client(
              sockets,
              ports,
              i % n,
              customer,
              tokens.mint(customer, "customer"),
              channel,
              ChatClient.Method.PUBLISH));
      clients.add(
          client(
              sockets,
              ports,
              (i + 1) % n,
              agent,
              tokens.mint(agent, "agent"),
              channel,
              ChatClient.Method.SEND_RPC));
      clients.add(
          client(
              sockets,
              ports,
              (i + 2) % n,
              reader,
              tokens.mint(reader, "agent"),
              channel,
              ChatClient.Method.NONE));
    }
    clients.forEach(ChatClient::start);
    if (!Processes.await(() -> clients.stream().allMatch(ChatClient::subscribed), DRAIN_PATIENCE)) {
      throw new IllegalStateException("clients did not all subscribe");
    }
    progress(
        clients.size()
            + " clients subscribed to "
            + settings.conversations()
            + " conversations over "
            + n
            + " nodes");
  }

  private ChatClient client(
      WebSocketClient sockets,
      List<Integer> ports,
      int node,
      String user,
      String token,
      String channel,
      ChatClient.Method method) {
    return new ChatClient(
        vertx,
        sockets,
        ports,
        node,
        user,
        token,
        channel,
        method,
        settings.publishIntervalMs(),
        ledger);
  }

  /** Load before, the fault and its repair, load after, then the check. */
  private PhaseResult phase(String name, Fault fault) {
    ledger.phase(name);
    progress("phase " + name);
    clients.forEach(client -> client.publishing(true));
    Processes.pause(settings.before());
    long faultAt = System.currentTimeMillis();
    if (fault != null) {
      inject(fault);
    }
    Processes.pause(
        fault == null || fault == Fault.KAFKA
            ? settings.after()
            : settings.after().minus(RECONNECT_AFTER_REPAIR));
    clients.forEach(client -> client.publishing(false));
    return check(name, faultAt);
  }

  private void inject(Fault fault) {
    switch (fault) {
      case KILL_NODE -> {
        Node victim = nodes.get(0);
        progress("  kill -9 " + victim.name() + " (pid " + victim.pid() + ")");
        victim.kill();
        Processes.pause(settings.outage());
        progress("  starting " + victim.name() + " again");
        victim.start();
        victim.awaitReady();
      }
      case POSTGRES -> {
        progress("  stopping PostgreSQL for " + settings.outage().toSeconds() + " s");
        postgres.stop();
        Processes.pause(settings.outage());
        postgres.start();
      }
      case REDIS -> {
        progress("  stopping Redis for " + settings.outage().toSeconds() + " s");
        redis.stop();
        Processes.pause(settings.outage());
        redis.start();
      }
      case KAFKA -> {
        if (kafka == null) {
          throw new IllegalStateException("the kafka fault needs Kafka");
        }
        progress("  stopping Kafka for " + settings.kafkaOutage().toSeconds() + " s");
        kafka.stop();
        Processes.pause(settings.kafkaOutage());
        kafka.start();
      }
    }
    progress("  repaired; load goes on for " + settings.after().toSeconds() + " s");
    if (fault != Fault.KAFKA) {
      Processes.pause(RECONNECT_AFTER_REPAIR);
      progress("  every third client drops its connection and recovers on the next node");
      for (int i = 0; i < clients.size(); i++) {
        // a customer in one conversation, an agent in the next, a reader in the third
        if ((i + i / RECONNECTING_SHARE) % RECONNECTING_SHARE == 0) {
          clients.get(i).reconnect();
        }
      }
    }
  }

  /** Waits for sends to settle and deliveries to arrive, then counts. */
  private PhaseResult check(String name, long faultAt) {
    Processes.await(() -> clients.stream().noneMatch(ChatClient::owesAck), DRAIN_PATIENCE);
    int unacked = (int) clients.stream().filter(ChatClient::owesAck).count();
    Processes.await(() -> clients.stream().allMatch(ChatClient::subscribed), DRAIN_PATIENCE);
    Map<String, Ledger.Ack> acked = ledger.ackedIn(name);
    Processes.await(() -> missing(acked).isEmpty(), DELIVERY_PATIENCE);

    Map<String, Integer> stored = readback.stored(name);
    Map<String, List<String>> missing = missing(acked);
    List<String> findings = new ArrayList<>();
    int lost = 0;
    int storedAcked = 0;
    for (String id : acked.keySet()) {
      boolean isStored = stored.containsKey(id);
      storedAcked += isStored ? 1 : 0;
      List<String> without = missing.getOrDefault(id, List.of());
      if (!isStored || !without.isEmpty()) {
        lost++;
        note(
            findings,
            "lost "
                + id
                + " (offset "
                + acked.get(id).offset()
                + ")"
                + (isStored ? "" : " not stored")
                + (without.isEmpty() ? "" : " not delivered to " + without));
      }
    }
    int duplicated = 0;
    for (Map.Entry<String, Integer> copies : stored.entrySet()) {
      if (copies.getValue() > 1) {
        duplicated += copies.getValue() - 1;
        note(findings, "stored " + copies.getValue() + " times: " + copies.getKey());
      }
    }
    for (ChatClient client : clients) {
      for (Map.Entry<String, Integer> copies : client.received().entrySet()) {
        if (copies.getValue() > 1 && Ledger.phaseOf(copies.getKey()).equals(name)) {
          duplicated += copies.getValue() - 1;
          note(
              findings,
              "received "
                  + copies.getValue()
                  + " times by a subscriber of "
                  + client.channel()
                  + ": "
                  + copies.getKey());
        }
      }
    }
    int minEvents = -1;
    int duplicateEvents = 0;
    if (readback.kafka()) {
      Map<String, Integer> events = readback.events(stored.keySet(), EVENT_PATIENCE);
      minEvents = Integer.MAX_VALUE;
      for (String id : stored.keySet()) {
        int count = events.getOrDefault(id, 0);
        minEvents = Math.min(minEvents, count);
        duplicateEvents += Math.max(0, count - 1);
        if (count == 0) {
          note(findings, "no Kafka event for stored " + id);
        }
      }
      minEvents = stored.isEmpty() ? 0 : minEvents;
    }
    return new PhaseResult(
        name,
        acked.size(),
        storedAcked,
        acked.size() - missing.size(),
        lost,
        duplicated,
        unacked,
        minEvents,
        duplicateEvents,
        servedAgain(faultAt),
        reconnect(faultAt),
        ledger.latencyPercentile(name, 50),
        ledger.latencyPercentile(name, 99),
        ledger.toldIn(name),
        findings);
  }

  /** For each acknowledged id that some subscriber of its conversation lacks: which ones. */
  private Map<String, List<String>> missing(Map<String, Ledger.Ack> acked) {
    Map<String, List<String>> missing = new HashMap<>();
    for (int c = 0; c < clients.size(); c++) {
      ChatClient client = clients.get(c);
      Set<String> received = client.received().keySet();
      for (Map.Entry<String, Ledger.Ack> ack : acked.entrySet()) {
        if (ack.getValue().channel().equals(client.channel()) && !received.contains(ack.getKey())) {
          missing.computeIfAbsent(ack.getKey(), k -> new ArrayList<>()).add("client " + c);
        }
      }
    }
    return missing;
  }

  private long servedAgain(long faultAt) {
    long slowest = 0;
    for (ChatClient client : clients) {
      if (client.publisher()) {
        long first = client.firstAckSince(faultAt);
        if (first < 0) {
          return -1;
        }
        slowest = Math.max(slowest, first - faultAt);
      }
    }
    return slowest;
  }

  private long reconnect(long faultAt) {
    long slowest = 0;
    for (ChatClient client : clients) {
      long lost = client.firstLossSince(faultAt);
      if (lost >= 0) {
        long back = client.firstSubscribeSince(lost);
        if (back < 0) {
          return -1;
        }
        slowest = Math.max(slowest, back - lost);
      }
    }
    return slowest;
  }

  private static void note(List<String> findings, String finding) {
    if (findings.size() < MAX_FINDINGS) {
      findings.add(finding);
    } else if (findings.size() == MAX_FINDINGS) {
      findings.add("...");
    }
  }

  static void progress(String line) {
    System.err.printf("[faults %5.1fs] %s%n", (System.nanoTime() - STARTED) / 1e9, line);
  }

  /** Where the logs of the services and nodes are, while the suite runs. */
  Path work() {
    return work;
  }

  @Override
  public void close() {
    clients.forEach(ChatClient::stop);
    if (readback != null) {
      readback.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    processes.close();
  }

  /** Copies the logs of the services and nodes out of the work folder, which close removes. */
  void keepLogs() {
    try (var logs = Files.list(work)) {
      Path kept = Files.createTempDirectory("switchboard-faults-logs-");
      logs.filter(p -> p.toString().endsWith(".log"))
          .forEach(
              p -> {
                try {
                  Files.copy(p, kept.resolve(p.getFileName()));
                } catch (java.io.IOException ignored) {
                  // a log that vanished
                }
              });
      progress("logs kept in " + kept);
    } catch (java.io.IOException e) {
      progress("logs not kept: " + e.getMessage());
    }
  }
}
