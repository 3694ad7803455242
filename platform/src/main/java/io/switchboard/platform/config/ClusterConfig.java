package io.switchboard.platform.config;

import java.util.List;

/**
 * Whether this node joins a clustered event bus, and how it finds the other members.
 *
 * @param enabled start a clustered Vert.x with the Hazelcast cluster manager
 * @param name cluster name; nodes with another name never join this cluster
 * @param host address this node binds and advertises to the other members
 * @param port Hazelcast member port; 0 picks a free one
 * @param members {@code host:port} of other members, for TCP/IP discovery
 * @param multicast find members by multicast instead of the member list (Hazelcast allows one join
 *     method)
 */
public record ClusterConfig(
    boolean enabled, String name, String host, int port, List<String> members, boolean multicast) {

  public ClusterConfig {
    members = List.copyOf(members);
    Checks.require(!name.isBlank(), "cluster.name", "must not be empty");
    Checks.require(!host.isBlank(), "cluster.host", "must not be empty");
    Checks.range(port, 0, 65_535, "cluster.port");
    for (String member : members) {
      Checks.require(
          member.matches("[^:\\s]+:\\d{1,5}"),
          "cluster.members",
          "entries must look like host:port, got '" + member + "'");
    }
  }
}
