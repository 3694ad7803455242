package io.switchboard.voice.stt;

/**
 * Word errors between what was said and what was heard: the word-level Levenshtein distance
 * (substitutions, insertions, deletions), summed over a corpus.
 */
final class WordErrorRate {

  private long errors;
  private long words;

  /** Adds one utterance; returns its word errors. */
  int add(String reference, String hypothesis) {
    String[] ref = split(reference);
    String[] hyp = split(hypothesis);
    int e = distance(ref, hyp);
    errors += e;
    words += ref.length;
    return e;
  }

  long errors() {
    return errors;
  }

  long words() {
    return words;
  }

  /** Errors per reference word, 0 when nothing was added. */
  double rate() {
    return words == 0 ? 0 : (double) errors / words;
  }

  static int distance(String[] ref, String[] hyp) {
    int[] previous = new int[hyp.length + 1];
    int[] current = new int[hyp.length + 1];
    for (int j = 0; j <= hyp.length; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= ref.length; i++) {
      current[0] = i;
      for (int j = 1; j <= hyp.length; j++) {
        int substitution = previous[j - 1] + (ref[i - 1].equals(hyp[j - 1]) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[hyp.length];
  }

  private static String[] split(String text) {
    String trimmed = text.trim();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }
}
