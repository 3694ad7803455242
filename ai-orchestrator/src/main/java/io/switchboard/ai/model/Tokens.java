package io.switchboard.ai.model;

/**
 * A model-independent token estimate, for budgets taken before a call and for providers that do not
 * report usage: English text averages about four characters per token.
 */
public final class Tokens {

  /** Characters per token the estimate assumes. */
  public static final int CHARS_PER_TOKEN = 4;

  private Tokens() {}

  /** Estimated tokens of {@code text}: 0 for null or empty, else at least 1. */
  public static int estimate(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    return Math.max(1, (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
  }
}
