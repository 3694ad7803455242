package io.switchboard.platform.config;

/**
 * The AI agent: its bounded worker pool, the embedded embedding model, retrieval, the defaults of
 * each tenant's budget and of the chat models a tenant configures ({@code settings.ai} of the
 * tenant), and the circuit breaker each provider sits behind.
 *
 * @param workers threads running model calls and embedding inference at once on this node
 * @param queue jobs waiting for a worker beyond which callers get a {@code busy} error
 * @param chunkChars longest knowledge-base chunk, in characters
 * @param answerThreshold retrieval confidence (0 to 1) below which the bot does not answer from a
 *     passage and hands off instead
 * @param historyMessages recent messages of a conversation given to the model as memory
 * @param maxPromptChars largest prompt sent to a model; older history is dropped to fit
 * @param requestsPerMinute default AI requests per tenant per minute
 * @param tokensPerMinute default model tokens per tenant per minute
 * @param modelTimeoutMs how long a model call may take before it counts as failed
 * @param modelRetries retries of a failed model call, with exponential back-off, before the next
 *     model of the chain is tried
 * @param breakerFailures consecutive failures that open a provider's circuit
 * @param breakerResetMs how long an open circuit stays open before one trial call
 */
public record AiConfig(
    int workers,
    int queue,
    int chunkChars,
    double answerThreshold,
    int historyMessages,
    int maxPromptChars,
    int requestsPerMinute,
    int tokensPerMinute,
    int modelTimeoutMs,
    int modelRetries,
    int breakerFailures,
    int breakerResetMs) {

  public AiConfig {
    Checks.range(workers, 1, 256, "ai.workers");
    Checks.range(queue, 0, 100_000, "ai.queue");
    Checks.range(chunkChars, 100, 20_000, "ai.chunk-chars");
    Checks.require(
        answerThreshold >= 0 && answerThreshold <= 1, "ai.answer-threshold", "must be from 0 to 1");
    Checks.range(historyMessages, 0, 200, "ai.history-messages");
    Checks.range(maxPromptChars, 1_000, 1_000_000, "ai.max-prompt-chars");
    Checks.range(requestsPerMinute, 1, 1_000_000, "ai.requests-per-minute");
    Checks.range(tokensPerMinute, 100, 100_000_000, "ai.tokens-per-minute");
    Checks.range(modelTimeoutMs, 100, 600_000, "ai.model-timeout-ms");
    Checks.range(modelRetries, 0, 10, "ai.model-retries");
    Checks.range(breakerFailures, 1, 1_000, "ai.breaker-failures");
    Checks.range(breakerResetMs, 100, 3_600_000, "ai.breaker-reset-ms");
  }
}
