package io.switchboard.server.token;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.TokenMinter;
import io.switchboard.platform.config.ConfigException;
import io.switchboard.platform.config.ConfigLoader;
import io.switchboard.platform.config.SwitchboardConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchboard token}: prints a development token signed with the node's HS256 secret. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Mints a development JWT (HS256) that this node's configuration accepts.")
public final class TokenCommand implements Callable<Integer> {

  /** Longest lifetime a development token may have. */
  static final Duration MAX_TTL = Duration.ofDays(30);

  /** Exit code when there is no secret to sign with (as for any unusable input). */
  static final int EXIT_NO_SECRET = 2;

  private static final Pattern TTL = Pattern.compile("(\\d+)([smhd])");

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "Same file the node runs with")
  Path config;

  @Option(names = "--tenant", required = true, description = "Tenant id (the tid claim)")
  String tenant;

  @Option(names = "--user", required = true, description = "User id (the sub claim)")
  String user;

  @Option(
      names = "--role",
      required = true,
      split = ",",
      description = "customer, agent, supervisor, admin or service; repeatable")
  List<String> roles;

  @Option(names = "--ttl", defaultValue = "1h", description = "Lifetime: 90s, 30m, 1h, 7d")
  String ttl;

  @Override
  public Integer call() {
    SwitchboardConfig loaded;
    Duration lifetime;
    Set<Role> parsedRoles = new LinkedHashSet<>();
    try {
      loaded = new ConfigLoader().load(Optional.ofNullable(config));
      lifetime = parseTtl(ttl);
      for (String role : roles) {
        parsedRoles.add(Role.parse(role));
      }
    } catch (ConfigException | IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    Optional<String> secret = signingSecret(loaded);
    if (secret.isEmpty()) {
      return EXIT_NO_SECRET;
    }
    String token =
        TokenMinter.mint(
            secret.get(),
            tenant,
            user,
            parsedRoles,
            lifetime,
            loaded.auth().issuer(),
            loaded.auth().audience());
    spec.commandLine().getOut().println(token);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /**
   * The configured {@code auth.hmac-secret}, else the development secret the node generated in its
   * data folder; says on stderr which one signs, or why there is none.
   */
  private Optional<String> signingSecret(SwitchboardConfig loaded) {
    PrintWriter err = spec.commandLine().getErr();
    if (!loaded.auth().hmacSecret().isEmpty()) {
      err.println("signed with auth.hmac-secret from the configuration");
      return Optional.of(loaded.auth().hmacSecret());
    }
    if (loaded.auth().hasProductionKeys()) {
      err.println(
          "no HS256 secret configured: this node verifies tokens from your identity provider"
              + " (auth.public-keys / auth.jwks-url); set auth.hmac-secret to mint development"
              + " tokens");
      return Optional.empty();
    }
    String dataDir = loaded.node().dataDir();
    Optional<String> generated = DevTokenSecret.existing(dataDir);
    if (generated.isEmpty()) {
      err.println(
          "no development secret at "
              + DevTokenSecret.file(dataDir)
              + ": a node creates it on its first start; run `token` where the node runs, or"
              + " with its node.data-dir (--config FILE or SWITCHBOARD_NODE_DATA_DIR), or set"
              + " auth.hmac-secret to the node's");
    } else {
      err.println("signed with the development secret in " + DevTokenSecret.file(dataDir));
    }
    return generated;
  }

  /** Parses {@code 90s}, {@code 30m}, {@code 1h} or {@code 7d}. */
  static Duration parseTtl(String text) {
    Matcher m = TTL.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "--ttl must look like 90s, 30m, 1h or 7d, got '" + text + "'");
    }
    long amount = Long.parseLong(m.group(1));
    Duration duration =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
    if (duration.isZero() || duration.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("--ttl must be between 1s and 30d, got '" + text + "'");
    }
    return duration;
  }
}
