package io.switchboard.hub.history;

import java.util.List;

/**
 * Answer of a recovery: the entries after the asked position in offset order, the stream's current
 * top, and whether they are exactly all that was missed.
 */
public record Recovery(List<WindowEntry> entries, StreamPosition top, boolean recovered) {

  public Recovery {
    entries = List.copyOf(entries);
  }
}
