package io.switchboard.hub.presence;

import io.vertx.core.Future;
import java.util.List;

/**
 * Who is connected to each channel, one entry per connection. An entry lives a ttl after its last
 * {@link #add}, so the connections of a node that crashed age out on their own. {@link
 * RedisPresenceManager} is shared by a cluster, {@link MemoryPresenceManager} serves one process.
 */
public interface PresenceManager {

  /** Adds or refreshes the connection's entry; entries not refreshed within the ttl vanish. */
  Future<Void> add(String tenant, String channel, PresenceEntry entry);

  /** Removes the connection's entry, if it is there. */
  Future<Void> remove(String tenant, String channel, String clientId);

  /** The live entries of the channel. */
  Future<List<PresenceEntry>> get(String tenant, String channel);

  /** How many live connections and distinct users the channel has. */
  Future<PresenceStats> stats(String tenant, String channel);
}
