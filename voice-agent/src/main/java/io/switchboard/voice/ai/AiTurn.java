package io.switchboard.voice.ai;

/** A reply of the AI agent as it streams in; handlers are called on the call's event loop. */
public interface AiTurn {

  /** Receives each piece of the reply's text as the agent writes it. */
  AiTurn deltaHandler(java.util.function.Consumer<String> handler);

  /** Called once when the reply is complete; {@code true} when the agent asks for a human. */
  AiTurn endHandler(java.util.function.Consumer<Boolean> handler);

  /** Stops the turn: no more deltas; the agent is told to stop generating. */
  void cancel();
}
