package io.switchboard.ai.classify;

/**
 * How a customer's message sounds.
 *
 * @param label {@code positive}, {@code neutral} or {@code negative}
 * @param score confidence in the label, from 0 to 1
 */
public record Sentiment(String label, double score) {}
