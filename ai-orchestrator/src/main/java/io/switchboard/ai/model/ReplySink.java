package io.switchboard.ai.model;

/** Where a streamed reply goes as it is generated; called on the caller's Vert.x context. */
public interface ReplySink {

  /** The next piece of the reply. */
  void delta(String text);

  /**
   * What was streamed so far is void: a model failed mid-reply and the next one of the chain starts
   * over.
   */
  default void restart() {}
}
