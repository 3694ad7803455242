package io.switchboard.ai.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Lower-cased, lightly stemmed words of a text without stop words: the lexical search's terms. */
final class Terms {

  private static final Set<String> STOP =
      Set.of(
          "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "for", "with", "at",
          "by", "from", "is", "are", "was", "were", "be", "been", "do", "does", "did", "i", "me",
          "my", "you", "your", "we", "our", "it", "its", "this", "that", "can", "could", "how",
          "what", "when", "where", "why", "which", "who", "will", "would", "should", "there",
          "have", "has", "had", "not", "no", "so", "as", "about", "into", "any", "some", "get");

  private Terms() {}

  static List<String> of(String text) {
    List<String> terms = new ArrayList<>();
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty() && !STOP.contains(word)) {
        terms.add(stem(word));
      }
    }
    return terms;
  }

  /** Strips common English suffixes so "refunds", "refunded" and "refunding" meet. */
  static String stem(String word) {
    for (String suffix : new String[] {"ing", "ed", "es", "s"}) {
      if (word.length() > suffix.length() + 2 && word.endsWith(suffix)) {
        return word.substring(0, word.length() - suffix.length());
      }
    }
    return word;
  }
}
