package io.switchboard.ai.model;

import io.switchboard.ai.tools.ToolActions;
import io.vertx.core.Future;

/**
 * One configured chat model (an OpenAI-compatible endpoint or Ollama) of a tenant. Calls go over
 * the network on the provider's own threads; results and deltas come back on the caller's Vert.x
 * context. Timeouts, retries, the circuit breaker and the fallback to the next model are the {@link
 * ModelChain}'s, not the provider's.
 */
public interface ModelProvider {

  /** Stable key of this provider for its circuit breaker and the audit: kind, base URL, model. */
  String key();

  /** The kind of provider: {@code openai} or {@code ollama}. */
  String provider();

  /** The model's name. */
  String model();

  /**
   * Streams a reply to {@code request} into {@code sink}; with {@code tools} not null the model may
   * call them (each call runs through {@link ToolActions} and its result goes back to the model)
   * before it answers.
   */
  Future<ModelReply> reply(ModelRequest request, ToolActions tools, ReplySink sink);
}
