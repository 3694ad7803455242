package io.switchboard.voice.call;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The voice lines open on one event loop, so a stopping node can end them with 1001. */
public final class LocalCalls {

  private final Set<CallLine> lines = new LinkedHashSet<>();

  /** Adds an open line. */
  public void add(CallLine line) {
    lines.add(line);
  }

  /** Removes a closed line. */
  public void remove(CallLine line) {
    lines.remove(line);
  }

  /** Ends every line: the node is stopping. */
  public Future<Void> shutdown() {
    List<CallLine> open = new ArrayList<>(lines);
    open.forEach(line -> line.hangUp(VoiceClose.GOING_AWAY, "node stopping"));
    return Future.succeededFuture();
  }
}
