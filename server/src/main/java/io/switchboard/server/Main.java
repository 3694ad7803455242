package io.switchboard.server;

import io.switchboard.platform.config.ConfigException;
import io.switchboard.platform.config.ConfigLoader;
import io.switchboard.platform.config.SwitchboardConfig;
import io.switchboard.platform.log.LoggingSetup;
import io.switchboard.server.embedded.EmbeddedServices;
import io.switchboard.server.embedded.EmbeddedServicesException;
import io.switchboard.server.token.DevTokenSecret;
import io.switchboard.server.token.TokenCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code switchboard} command: runs a node, or with {@code token} mints a development token.
 */
@Command(
    name = "switchboard",
    mixinStandardHelpOptions = true,
    subcommands = {TokenCommand.class},
    description = "Runs a Switchboard node: every role on embedded defaults unless configured.")
public final class Main implements Callable<Integer> {

  /** Exit code for configuration that cannot be used. */
  static final int EXIT_CONFIG = 2;

  /** Exit code for a node that could not start. */
  static final int EXIT_START = 1;

  /** How long a stopping node may take to close connections and leave the cluster. */
  private static final long SHUTDOWN_TIMEOUT_SECONDS = 30;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML file with the settings to change (see config/default.yaml)")
  Path config;

  @Option(
      names = "--roles",
      split = ",",
      paramLabel = "ROLE",
      description = "Roles to deploy, comma-separated: crud, hub, voice, ai (default: all)")
  List<String> roles;

  @Option(names = "--cluster", description = "Join a clustered event bus (Hazelcast)")
  boolean cluster;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /** The configuration this invocation asks for, before embedded services fill it in. */
  public SwitchboardConfig loadConfig() {
    SwitchboardConfig loaded = new ConfigLoader().load(Optional.ofNullable(config));
    if (roles != null) {
      loaded = loaded.withRoles(roles);
    }
    if (cluster) {
      loaded = loaded.withClusterEnabled();
    }
    return loaded;
  }

  @Override
  public Integer call() {
    long begin = System.nanoTime();
    PrintWriter err = spec.commandLine().getErr();
    SwitchboardConfig configured;
    try {
      configured = loadConfig();
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return EXIT_CONFIG;
    }
    LoggingSetup.apply(configured.logging());

    long embeddedBegin = System.nanoTime();
    EmbeddedServices embedded;
    try {
      embedded = EmbeddedServices.start(configured);
    } catch (EmbeddedServicesException e) {
      err.println("Switchboard could not start: " + e.getMessage());
      return EXIT_START;
    }
    long embeddedNanos = System.nanoTime() - embeddedBegin;
    // From here on one hook stops everything, in order: the node first (its clients are told 3001
    // and its work drains), then the embedded services it was using.
    AtomicReference<RunningNode> running = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    stop(running.get(), err);
                  } finally {
                    embedded.close();
                    stopped.countDown();
                  }
                },
                "switchboard-shutdown"));
    SwitchboardConfig resolved = embedded.config();
    Optional<String> devSecret = DevTokenSecret.resolve(resolved.auth(), resolved.node().dataDir());
    if (devSecret.isPresent()) {
      resolved = resolved.withAuth(resolved.auth().withHmacSecret(devSecret.get()));
    }

    RunningNode node;
    try {
      node = NodeLauncher.launch(resolved).await();
      running.set(node);
    } catch (Exception e) {
      err.println("Switchboard could not start: " + e.getMessage());
      embedded.close();
      return EXIT_START;
    }
    long readyMillis = (System.nanoTime() - begin - embeddedNanos) / 1_000_000;
    spec.commandLine()
        .getOut()
        .print(
            Banner.render(
                resolved,
                node,
                embedded.started(),
                configured.auth().hmacSecret().isEmpty() && devSecret.isPresent(),
                readyMillis,
                embeddedNanos / 1_000_000));
    spec.commandLine().getOut().flush();

    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Closes the node, if it got as far as running, within the shutdown timeout. */
  private static void stop(RunningNode node, PrintWriter err) {
    if (node == null) {
      return;
    }
    try {
      node.close().await(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      err.println("Switchboard did not stop within " + SHUTDOWN_TIMEOUT_SECONDS + " s");
    }
  }
}
