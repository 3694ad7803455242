package io.switchboard.ai.classify;

/**
 * What a customer's message is about: one of the tenant's intents ({@code settings.ai.intents}),
 * {@link #HUMAN} when they ask for a person, or {@link #NONE}.
 *
 * @param name the intent's name
 * @param score similarity to its closest example phrase, from 0 to 1
 */
public record Intent(String name, double score) {

  /** Built in: the customer asks to talk to a person. */
  public static final String HUMAN = "human";

  /** No intent is close enough. */
  public static final String NONE = "none";
}
