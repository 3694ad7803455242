package io.switchboard.server.token;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.TokenMinter;
import io.switchboard.platform.config.ConfigException;
import io.switchboard.platform.config.ConfigLoader;
import io.switchboard.platform.config.SwitchboardConfig;
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
    Optional<String> secret = DevTokenSecret.resolve(loaded.auth(), loaded.node().dataDir());
    if (secret.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "no HS256 secret configured: this node verifies tokens from your identity provider"
                  + " (auth.public-keys / auth.jwks-url); set auth.hmac-secret to mint development"
                  + " tokens");
      return 2;
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
