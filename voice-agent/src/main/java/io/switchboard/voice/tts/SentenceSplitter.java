package io.switchboard.voice.tts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts an AI reply that streams in as deltas into sentences, handing each out as soon as it ends so
 * its speech can be synthesised while the rest is still being written. A sentence ends at {@code .}
 * {@code !} {@code ?} (with any closing quotes or brackets) followed by white space, or at a line
 * break; not after "Dr.", "e.g.", "U.S.", an initial, or inside "3.5". One instance per reply; not
 * thread-safe.
 */
public final class SentenceSplitter {

  /**
   * Longest piece handed out: a sentence longer than this is cut at its last comma (or, failing
   * that, space) within it, so the first audio of a long-winded reply never waits long.
   */
  public static final int MAX_SENTENCE_CHARS = 160;

  /** A cut at a comma is taken only this far in, so the first piece is not a word or two. */
  static final int MIN_CUT_CHARS = MAX_SENTENCE_CHARS / 3;

  private static final Set<String> ABBREVIATIONS =
      Set.of("mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "approx", "dept");

  private final StringBuilder pending = new StringBuilder();

  /** Adds the next delta of the reply; returns the sentences it completed, in order. */
  public List<String> accept(String delta) {
    pending.append(delta);
    return drain(false);
  }

  /** Ends the reply: returns what is left (sentences and the unfinished remainder), in order. */
  public List<String> finish() {
    List<String> rest = drain(true);
    pending.setLength(0);
    return rest;
  }

  private List<String> drain(boolean finished) {
    List<String> sentences = new ArrayList<>();
    int start = 0;
    int length = pending.length();
    for (int i = 0; i < length; i++) {
      char c = pending.charAt(i);
      if (c == '\n') {
        add(sentences, start, i);
        start = i + 1;
        continue;
      }
      if (!isTerminator(c)) {
        continue;
      }
      int end = i;
      while (end + 1 < length
          && (isTerminator(pending.charAt(end + 1)) || isCloser(pending.charAt(end + 1)))) {
        end++;
      }
      if (end + 1 == length && !finished) {
        break; // "3." may yet become "3.5": wait for the next character.
      }
      boolean followedBySpace =
          end + 1 == length || Character.isWhitespace(pending.charAt(end + 1));
      boolean plainDot = c == '.' && end == i;
      if (followedBySpace && plainDot && isNumberSign(start, i)) {
        int next = nextVisible(end + 1);
        if (next == length && !finished) {
          break; // "no. " may yet be followed by a number.
        }
        if (next < length && Character.isDigit(pending.charAt(next))) {
          i = end;
          continue;
        }
      }
      if (followedBySpace && !(plainDot && isAbbreviation(start, i))) {
        add(sentences, start, end + 1);
        start = end + 1;
      }
      i = end;
    }
    pending.delete(0, start);
    cutLong(sentences);
    if (finished) {
      add(sentences, 0, pending.length());
    }
    return sentences;
  }

  /** Hands out over-long text in pieces, cut where a speaker would breathe. */
  private void cutLong(List<String> sentences) {
    while (pending.length() > MAX_SENTENCE_CHARS) {
      int cut = -1;
      for (int i = MAX_SENTENCE_CHARS - 1; i >= MIN_CUT_CHARS && cut < 0; i--) {
        char c = pending.charAt(i);
        if (c == ',' || c == ';' || c == ':') {
          cut = i + 1;
        }
      }
      for (int i = MAX_SENTENCE_CHARS; i > 0 && cut < 0; i--) {
        if (Character.isWhitespace(pending.charAt(i))) {
          cut = i;
        }
      }
      cut = cut < 0 ? MAX_SENTENCE_CHARS : cut;
      add(sentences, 0, cut);
      pending.delete(0, cut);
    }
  }

  /** Whether the word ending just before {@code dot} is an abbreviation or an initial. */
  private boolean isAbbreviation(int from, int dot) {
    String word = wordBefore(from, dot);
    if (word.isEmpty()) {
      return false;
    }
    if (word.indexOf('.') >= 0) {
      return true; // "e.g", "U.S", "i.e"
    }
    if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
      return true; // an initial: "J. Smith"
    }
    return ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
  }

  /** "no." is "number" only before a number: "order no. 5" goes on, "I said no. Then" ends. */
  private boolean isNumberSign(int from, int dot) {
    String word = wordBefore(from, dot).toLowerCase(Locale.ROOT);
    return word.equals("no") || word.equals("nr");
  }

  private String wordBefore(int from, int dot) {
    int begin = dot;
    while (begin > from && !Character.isWhitespace(pending.charAt(begin - 1))) {
      begin--;
    }
    while (begin < dot && !Character.isLetterOrDigit(pending.charAt(begin))) {
      begin++;
    }
    return pending.substring(begin, dot);
  }

  private int nextVisible(int from) {
    int i = from;
    while (i < pending.length() && Character.isWhitespace(pending.charAt(i))) {
      i++;
    }
    return i;
  }

  private void add(List<String> sentences, int from, int to) {
    String sentence = pending.substring(from, to).strip();
    if (!sentence.isEmpty()) {
      sentences.add(sentence);
    }
  }

  private static boolean isTerminator(char c) {
    return c == '.' || c == '!' || c == '?' || c == '…';
  }

  private static boolean isCloser(char c) {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '”' || c == '’';
  }
}
