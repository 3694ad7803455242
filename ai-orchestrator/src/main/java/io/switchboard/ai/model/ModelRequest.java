package io.switchboard.ai.model;

import io.switchboard.ai.retrieval.Passage;
import java.util.List;

/**
 * What a chat model is asked. Personal data is masked and the prompt fitted to {@code
 * ai.max-prompt-chars} before it is built (see {@link io.switchboard.ai.safety}).
 *
 * @param instructions the tenant's instructions for its assistant (system message); may be empty
 * @param history earlier messages, oldest first
 * @param question the customer's newest message
 * @param context knowledge-base passages the answer should rest on, best first
 * @param maxOutputTokens most tokens the reply may have
 */
public record ModelRequest(
    String instructions,
    List<ChatTurn> history,
    String question,
    List<Passage> context,
    int maxOutputTokens) {}
