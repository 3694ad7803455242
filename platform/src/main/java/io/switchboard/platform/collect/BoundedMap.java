package io.switchboard.platform.collect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map of at most a given number of entries, for what a node remembers of recent work (built
 * clients, events already seen, how far deliveries have gone): past the bound, the entry used
 * longest ago (or the one put first) goes, so memory stays bounded whatever the traffic. Not safe
 * for use from several threads: its owner keeps it on one event loop, or wraps it in {@link
 * java.util.Collections#synchronizedMap}.
 */
public final class BoundedMap<K, V> extends LinkedHashMap<K, V> {

  private static final long serialVersionUID = 1L;

  private final int max;

  private BoundedMap(int max, boolean accessOrder) {
    super(16, 0.75f, accessOrder);
    this.max = max;
  }

  /** Drops the least recently read or written entry past {@code max}. */
  public static <K, V> BoundedMap<K, V> leastRecentlyUsed(int max) {
    return new BoundedMap<>(max, true);
  }

  /** Drops the entry put first past {@code max}, however often it is read. */
  public static <K, V> BoundedMap<K, V> firstPut(int max) {
    return new BoundedMap<>(max, false);
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > max;
  }
}
