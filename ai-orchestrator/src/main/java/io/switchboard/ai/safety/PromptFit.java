package io.switchboard.ai.safety;

import io.switchboard.ai.model.ChatTurn;
import io.switchboard.ai.model.ModelRequest;
import io.switchboard.ai.retrieval.Passage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Fits a model request to a largest size in characters ({@code ai.max-prompt-chars}), giving up
 * what matters least first: the oldest history, then the weakest passages, then the start of the
 * question (its end is what the customer asks now), and last the end of the instructions.
 */
public final class PromptFit {

  private PromptFit() {}

  /** {@code request} with parts left out until its text is at most {@code maxChars}. */
  public static ModelRequest fit(ModelRequest request, int maxChars) {
    if (maxChars < 0) {
      throw new IllegalArgumentException("maxChars must not be negative: " + maxChars);
    }
    List<ChatTurn> history = new ArrayList<>(nonNull(request.history()));
    List<Passage> passages = new ArrayList<>(nonNull(request.context()));
    String instructions = nonNull(request.instructions());
    String question = nonNull(request.question());

    int size = chars(instructions, history, question, passages);
    while (size > maxChars && !history.isEmpty()) {
      size -= history.remove(0).text().length();
    }
    while (size > maxChars && !passages.isEmpty()) {
      Passage weakest = passages.stream().min(Comparator.comparingDouble(Passage::score)).get();
      passages.remove(weakest);
      size -= chars(weakest);
    }
    if (size > maxChars) {
      int keep = Math.max(0, question.length() - (size - maxChars));
      size -= question.length() - keep;
      question = question.substring(question.length() - keep);
    }
    if (size > maxChars) {
      instructions =
          instructions.substring(0, Math.max(0, instructions.length() - (size - maxChars)));
    }
    return new ModelRequest(
        instructions,
        List.copyOf(history),
        question,
        List.copyOf(passages),
        request.maxOutputTokens());
  }

  /** Characters of the request's text: instructions, history, question and passages. */
  public static int chars(ModelRequest request) {
    return chars(
        nonNull(request.instructions()),
        nonNull(request.history()),
        nonNull(request.question()),
        nonNull(request.context()));
  }

  private static int chars(
      String instructions, List<ChatTurn> history, String question, List<Passage> passages) {
    int size = instructions.length() + question.length();
    for (ChatTurn turn : history) {
      size += turn.text().length();
    }
    for (Passage passage : passages) {
      size += chars(passage);
    }
    return size;
  }

  private static int chars(Passage passage) {
    return passage.title().length() + passage.text().length();
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
