package io.switchboard.hub.fanout;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Flushes the push batches of one event loop's connections when the loop's current turn ends: one
 * task per turn for all of them rather than one per connection, since a publication reaching a
 * hundred connections on a loop would otherwise queue a hundred tasks. Used on its loop only.
 *
 * <p>A turn ends when the tasks queued before the first batch of the turn have run: under load that
 * is several publications, whose pushes to one connection then share its frame.
 */
public final class EndOfTurn {

  private final Vertx vertx;
  private List<Runnable> waiting = new ArrayList<>();
  private List<Runnable> spare = new ArrayList<>();
  private boolean scheduled;

  public EndOfTurn(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Runs {@code flush} when this turn ends; call on this loop. */
  public void schedule(Runnable flush) {
    waiting.add(flush);
    if (!scheduled) {
      scheduled = true;
      vertx.runOnContext(endOfTurn -> flushAll());
    }
  }

  private void flushAll() {
    scheduled = false;
    // Swapped, not iterated in place: a flush can start the next turn's batches.
    List<Runnable> flushes = waiting;
    waiting = spare;
    try {
      for (int i = 0; i < flushes.size(); i++) {
        flushes.get(i).run();
      }
    } finally {
      flushes.clear();
      spare = flushes;
    }
  }
}
