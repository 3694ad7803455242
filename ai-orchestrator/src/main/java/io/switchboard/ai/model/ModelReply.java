package io.switchboard.ai.model;

import java.util.List;

/**
 * A chat model's whole answer, for the conversation and the tenant's audit.
 *
 * @param text the reply's text; empty when the model only handed off
 * @param provider the provider's configured name ({@code openai}, {@code ollama})
 * @param model the model's name
 * @param inputTokens prompt tokens the provider counted (estimated when it did not say)
 * @param outputTokens reply tokens
 * @param toolsCalled names of the tools the model called, in order
 * @param handoff whether a tool handed the conversation to a human
 */
public record ModelReply(
    String text,
    String provider,
    String model,
    int inputTokens,
    int outputTokens,
    List<String> toolsCalled,
    boolean handoff) {}
