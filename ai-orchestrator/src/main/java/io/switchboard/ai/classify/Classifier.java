package io.switchboard.ai.classify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

/** Intent and sentiment of customers' messages, with the embedded model (no network). */
public interface Classifier {

  /**
   * The closest intent of {@code intents} ({@code [{"name", "examples": ["..."]}]}, the tenant's
   * {@code settings.ai.intents}, may be empty) or the built-in {@link Intent#HUMAN}; {@link
   * Intent#NONE} when nothing is close.
   */
  Future<Intent> intent(JsonArray intents, String text);

  /** The message's sentiment. */
  Future<Sentiment> sentiment(String text);
}
