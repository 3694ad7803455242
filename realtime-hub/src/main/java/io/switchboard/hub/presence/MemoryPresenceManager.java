package io.switchboard.hub.presence;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Presence of a single process, in memory, with the same expiry as {@link RedisPresenceManager}. It
 * cannot serve a cluster: another node would see only its own connections.
 */
public final class MemoryPresenceManager implements PresenceManager {

  /** Channels whose every entry died are swept after this many adds. */
  private static final int SWEEP_EVERY = 4096;

  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Map<String, Live>> channels = new HashMap<>();
  private int addsSinceSweep;

  /** An entry and the time it dies, epoch ms. */
  private record Live(PresenceEntry entry, long expiresAt) {}

  public MemoryPresenceManager(Duration ttl, Clock clock) {
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("presence ttl must be at least 1 ms, was " + ttl);
    }
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public synchronized Future<Void> add(String tenant, String channel, PresenceEntry entry) {
    if (++addsSinceSweep >= SWEEP_EVERY) {
      addsSinceSweep = 0;
      channels.values().removeIf(entries -> prune(entries).isEmpty());
    }
    channels
        .computeIfAbsent(key(tenant, channel), k -> new LinkedHashMap<>())
        .put(entry.clientId(), new Live(entry, clock.millis() + ttl.toMillis()));
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> remove(String tenant, String channel, String clientId) {
    String key = key(tenant, channel);
    Map<String, Live> entries = channels.get(key);
    if (entries != null) {
      entries.remove(clientId);
      if (entries.isEmpty()) {
        channels.remove(key);
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<List<PresenceEntry>> get(String tenant, String channel) {
    List<PresenceEntry> entries = new ArrayList<>();
    live(tenant, channel).forEach(live -> entries.add(live.entry()));
    return Future.succeededFuture(entries);
  }

  @Override
  public synchronized Future<PresenceStats> stats(String tenant, String channel) {
    List<Live> entries = live(tenant, channel);
    Set<String> users = new HashSet<>();
    entries.forEach(live -> users.add(live.entry().userId()));
    users.remove(null);
    return Future.succeededFuture(new PresenceStats(entries.size(), users.size()));
  }

  /** The channel's live entries; the dead are dropped, and the channel with its last one. */
  private List<Live> live(String tenant, String channel) {
    String key = key(tenant, channel);
    Map<String, Live> entries = channels.get(key);
    if (entries == null) {
      return List.of();
    }
    if (prune(entries).isEmpty()) {
      channels.remove(key);
    }
    return List.copyOf(entries.values());
  }

  private Map<String, Live> prune(Map<String, Live> entries) {
    long now = clock.millis();
    entries.values().removeIf(live -> live.expiresAt() <= now);
    return entries;
  }

  // A newline cannot occur in a tenant id, so no tenant's channel can name another's.
  private static String key(String tenant, String channel) {
    return tenant + '\n' + channel;
  }
}
