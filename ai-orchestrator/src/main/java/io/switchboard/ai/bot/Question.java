package io.switchboard.ai.bot;

import io.switchboard.ai.model.ChatTurn;
import java.util.List;

/**
 * A customer's turn for the AI agent: their newest message and what was said before.
 *
 * @param tenant the tenant whose knowledge base and models answer
 * @param text the customer's newest message
 * @param history earlier messages, oldest first
 */
public record Question(String tenant, String text, List<ChatTurn> history) {}
