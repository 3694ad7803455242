package io.switchboard.ai.bot;

import io.switchboard.ai.classify.Intent;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * How the AI agent answered a turn.
 *
 * @param text the reply (streamed already); empty when it only hands off
 * @param handoff whether the conversation goes to a human agent
 * @param provider the model's provider, or {@code embedded} for the passage answer
 * @param model the model that answered
 * @param inputTokens prompt tokens
 * @param outputTokens reply tokens
 * @param tools the tools the model called
 * @param intent the customer message's intent
 * @param detail what the audit keeps besides: why it handed off, the articles cited
 */
public record Answer(
    String text,
    boolean handoff,
    String provider,
    String model,
    int inputTokens,
    int outputTokens,
    List<String> tools,
    Intent intent,
    JsonObject detail) {

  /** The audit's outcome. */
  public String outcome() {
    return handoff ? "handoff" : "answered";
  }

  /** The same answer with other audit details. */
  public Answer withDetail(JsonObject more) {
    return new Answer(
        text,
        handoff,
        provider,
        model,
        inputTokens,
        outputTokens,
        tools,
        intent,
        detail.copy().mergeIn(more));
  }
}
