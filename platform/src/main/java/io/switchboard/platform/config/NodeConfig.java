package io.switchboard.platform.config;

import java.util.List;
import java.util.Set;

/**
 * What this node runs and where it keeps the files of the dependencies it manages itself.
 *
 * @param roles the roles this node deploys, a subset of {@link #KNOWN_ROLES}
 * @param dataDir folder of the embedded PostgreSQL and Redis and the development token secret
 */
public record NodeConfig(List<String> roles, String dataDir) {

  /** Every role a node can deploy, in start-up order. */
  public static final List<String> KNOWN_ROLES = List.of("crud", "hub", "voice", "ai");

  public NodeConfig {
    roles = List.copyOf(roles);
    Checks.require(!roles.isEmpty(), "node.roles", "must name at least one role");
    for (String role : roles) {
      Checks.require(
          KNOWN_ROLES.contains(role),
          "node.roles",
          "has unknown role '" + role + "' (known: " + String.join(", ", KNOWN_ROLES) + ")");
    }
    Checks.require(
        Set.copyOf(roles).size() == roles.size(), "node.roles", "must not repeat a role");
    Checks.require(!dataDir.isBlank(), "node.data-dir", "must not be empty");
  }

  /** True when this node deploys {@code role}. */
  public boolean runs(String role) {
    return roles.contains(role);
  }
}
