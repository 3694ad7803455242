package io.switchboard.hub.fanout;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Flushes the push batches of one event loop's connections when the loop's current turn ends: one
 * task per turn for all of them rather than one per connection, since a publication reaching a
 * hundred connections on a loop would otherwise queue a hundred tasks. Used on its loop only.
 */
public final class EndOfTurn {

  private final Vertx vertx;
  private List<PushBatch> waiting = new ArrayList<>();
  private List<PushBatch> spare = new ArrayList<>();
  private boolean scheduled;

  public EndOfTurn(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Flushes {@code batch} when this turn ends (a batch flushed before then writes nothing). */
  void schedule(PushBatch batch) {
    waiting.add(batch);
    if (!scheduled) {
      scheduled = true;
      vertx.runOnContext(endOfTurn -> flushAll());
    }
  }

  private void flushAll() {
    scheduled = false;
    // Swapped, not iterated in place: a flush can start the next turn's batches.
    List<PushBatch> batches = waiting;
    waiting = spare;
    try {
      for (int i = 0; i < batches.size(); i++) {
        batches.get(i).flush();
      }
    } finally {
      batches.clear();
      spare = batches;
    }
  }
}
