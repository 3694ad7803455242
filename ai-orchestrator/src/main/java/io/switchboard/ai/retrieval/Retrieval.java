package io.switchboard.ai.retrieval;

import java.util.List;

/**
 * What a search of a tenant's knowledge base found: the best passages first (at most one per
 * article), and how sure the search is that the first one answers the question.
 *
 * @param passages best first; empty when the tenant has no published articles
 * @param confidence from 0 to 1; below {@code ai.answer-threshold} the bot does not answer
 */
public record Retrieval(List<Passage> passages, double confidence) {

  public static final Retrieval NOTHING = new Retrieval(List.of(), 0);

  /** Whether the best passage may be given as the answer. */
  public boolean answers(double threshold) {
    return !passages.isEmpty() && confidence >= threshold;
  }
}
