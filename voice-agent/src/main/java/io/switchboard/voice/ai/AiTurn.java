package io.switchboard.voice.ai;

import java.util.function.Consumer;

/** A reply of the AI agent as it streams in; handlers are called on the call's event loop. */
public interface AiTurn {

  /**
   * Starts delivering the reply: {@code deltas} receives each piece of its text as the agent writes
   * it (pieces that came before this call first), {@code end} is called once when it is complete,
   * with {@code true} when the agent asks for a human.
   */
  void start(Consumer<String> deltas, Consumer<Boolean> end);

  /** Stops the turn: no more deltas; the agent is told to stop generating. */
  void cancel();
}
