package io.switchboard.platform.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A map of at most so many entries")
class BoundedMapTest {

  @Test
  @DisplayName("least recently used: a read keeps an entry, the one used longest ago goes")
  void leastRecentlyUsed() {
    Map<String, Integer> map = BoundedMap.leastRecentlyUsed(3);
    map.put("a", 1);
    map.put("b", 2);
    map.put("c", 3);
    assertThat(map.get("a")).isEqualTo(1);
    map.put("d", 4);
    assertThat(map).containsOnlyKeys("a", "c", "d");
  }

  @Test
  @DisplayName("first put: reads change nothing, the entry put first goes")
  void firstPut() {
    Map<String, Integer> map = BoundedMap.firstPut(3);
    map.put("a", 1);
    map.put("b", 2);
    map.put("c", 3);
    assertThat(map.get("a")).isEqualTo(1);
    map.put("d", 4);
    assertThat(map).containsOnlyKeys("b", "c", "d");
    for (int i = 0; i < 100; i++) {
      map.put("k" + i, i);
    }
    assertThat(map).hasSize(3).containsOnlyKeys("k97", "k98", "k99");
  }
}
