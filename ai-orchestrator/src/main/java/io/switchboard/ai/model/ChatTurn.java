package io.switchboard.ai.model;

/**
 * One earlier message of the conversation, as the model's memory.
 *
 * @param speaker {@code contact}, {@code bot} or {@code agent}
 * @param text what was said
 */
public record ChatTurn(String speaker, String text) {}
