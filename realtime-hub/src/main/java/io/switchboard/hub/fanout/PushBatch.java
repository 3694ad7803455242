package io.switchboard.hub.fanout;

import io.switchboard.hub.protocol.FrameCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The pushes one connection is given during one turn of its event loop, written together as one
 * frame when the turn ends. Under load a subscriber gets several publications per turn and one
 * socket write carries them all (the cost of a fan-out is the writes); alone, a push waits only for
 * the rest of the turn. At most {@link #MAX_PER_FRAME} pushes share a frame, so frames stay small
 * for clients.
 */
public final class PushBatch {

  /** Pushes in one frame at most; Centrifugo's writer merges up to 16 too. */
  public static final int MAX_PER_FRAME = 16;

  private final EndOfTurn endOfTurn;
  private final SocketOutput output;
  private final FrameCodec codec;
  private final Runnable written;
  private final Runnable flushAtEndOfTurn = this::flush;
  private List<EncodedPush> pending;

  /**
   * @param endOfTurn the connection's event loop's, which flushes the batch when the turn ends
   * @param written runs once per frame written (for the frames-out meter)
   */
  public PushBatch(EndOfTurn endOfTurn, SocketOutput output, FrameCodec codec, Runnable written) {
    this.endOfTurn = endOfTurn;
    this.output = output;
    this.codec = codec;
    this.written = written;
  }

  /** True when nothing waits for the end of this turn. */
  public boolean isEmpty() {
    return pending == null;
  }

  /** Queues {@code push} for the end of this event-loop turn; call on the connection's loop. */
  public void add(EncodedPush push) {
    if (pending == null) {
      pending = new ArrayList<>(4);
      endOfTurn.schedule(flushAtEndOfTurn);
    }
    pending.add(push);
    if (pending.size() == MAX_PER_FRAME) {
      flush();
    }
  }

  /** Writes what is queued now; a reply or a close frame calls this first to keep the order. */
  public void flush() {
    List<EncodedPush> pushes = pending;
    if (pushes == null) {
      return;
    }
    pending = null;
    if (!output.open()) {
      return;
    }
    output.send(EncodedPush.frame(pushes, codec));
    written.run();
  }
}
