package io.switchboard.ai.classify;

import io.switchboard.ai.embed.Embeddings;
import io.switchboard.ai.embed.Vectors;
import io.switchboard.ai.work.AiWorkers;
import io.switchboard.platform.collect.BoundedMap;
import io.switchboard.platform.error.Invalid;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Intent and sentiment by the nearest example phrase in the embedded model's space. Example
 * embeddings are cached by the intents' JSON, so a tenant's are embedded again only when it changes
 * them; all inference runs on the AI workers.
 */
public final class EmbeddedClassifier implements Classifier {

  /** Cosine to the closest example below which a message has no intent. */
  public static final double INTENT_THRESHOLD = 0.45;

  /** Distinct intents' JSON whose example embeddings are kept. */
  private static final int CACHED_INTENT_SETS = 256;

  /** Longest message classified, in characters. */
  public static final int MAX_TEXT_CHARS = 4_000;

  private static final List<String> HUMAN_EXAMPLES =
      List.of(
          "can I talk to a person",
          "I want a human agent",
          "speak to someone real",
          "connect me to support staff",
          "let me talk to a real person",
          "transfer me to an operator",
          "I need to speak with a representative",
          "is there a human I can chat with");

  private static final Map<String, List<String>> SENTIMENT_EXAMPLES =
      Map.of(
          "positive",
          List.of(
              "thank you so much, that was really helpful",
              "great service, I love it",
              "awesome, it works perfectly now",
              "you are wonderful, thanks for the quick help"),
          "negative",
          List.of(
              "this is terrible, I am very angry",
              "worst service ever, I want my money back",
              "I am frustrated, nothing works and nobody helps",
              "this is unacceptable and disappointing"),
          "neutral",
          List.of(
              "what are your opening hours",
              "I would like to change my delivery address",
              "how do I update my billing details",
              "please send me the invoice for March"));

  private record Example(String intent, float[] vector) {}

  private final Embeddings embeddings;
  private final AiWorkers workers;
  private final Map<String, List<Example>> cache =
      Collections.synchronizedMap(BoundedMap.leastRecentlyUsed(CACHED_INTENT_SETS));

  public EmbeddedClassifier(Embeddings embeddings, AiWorkers workers) {
    this.embeddings = embeddings;
    this.workers = workers;
  }

  @Override
  public Future<Intent> intent(JsonArray intents, String text) {
    Map<String, List<String>> phrases;
    try {
      checkText(text);
      phrases = phrases(intents == null ? new JsonArray() : intents);
    } catch (Invalid invalid) {
      return Future.failedFuture(invalid);
    }
    String key = intents == null ? "[]" : intents.encode();
    return workers.run(
        () -> {
          List<Example> examples = cache.computeIfAbsent(key, k -> embedded(phrases));
          float[] vector = embeddings.embed(List.of(text)).get(0);
          Example best = null;
          double bestScore = -1;
          for (Example e : examples) {
            double score = Vectors.dot(vector, e.vector());
            if (score > bestScore) {
              bestScore = score;
              best = e;
            }
          }
          double score = Math.max(0, bestScore);
          return best == null || bestScore < INTENT_THRESHOLD
              ? new Intent(Intent.NONE, score)
              : new Intent(best.intent(), score);
        });
  }

  @Override
  public Future<Sentiment> sentiment(String text) {
    try {
      checkText(text);
    } catch (Invalid invalid) {
      return Future.failedFuture(invalid);
    }
    return workers.run(
        () -> {
          List<Example> examples =
              cache.computeIfAbsent("#sentiment", k -> embedded(SENTIMENT_EXAMPLES));
          float[] vector = embeddings.embed(List.of(text)).get(0);
          Map<String, Double> best = new LinkedHashMap<>();
          for (Example e : examples) {
            best.merge(e.intent(), Vectors.dot(vector, e.vector()), Math::max);
          }
          // Softmax over the labels' closest similarities, sharpened: a confidence from 0 to 1.
          double sum = 0;
          String label = "neutral";
          double top = Double.NEGATIVE_INFINITY;
          for (Map.Entry<String, Double> e : best.entrySet()) {
            sum += Math.exp(e.getValue() * 10);
            if (e.getValue() > top) {
              top = e.getValue();
              label = e.getKey();
            }
          }
          return new Sentiment(label, Math.exp(top * 10) / sum);
        });
  }

  private static void checkText(String text) {
    if (text == null || text.isBlank()) {
      throw Invalid.field("text", "must not be blank");
    }
    if (text.length() > MAX_TEXT_CHARS) {
      throw Invalid.field("text", "longer than " + MAX_TEXT_CHARS + " characters");
    }
  }

  /** The tenant's intents with the built-in human one; a malformed entry is refused. */
  private static Map<String, List<String>> phrases(JsonArray intents) {
    Map<String, List<String>> phrases = new LinkedHashMap<>();
    phrases.put(Intent.HUMAN, HUMAN_EXAMPLES);
    for (int i = 0; i < intents.size(); i++) {
      Object each = intents.getValue(i);
      String field = "intents[" + i + "]";
      if (!(each instanceof JsonObject intent)) {
        throw Invalid.field(field, "must be an object with name and examples");
      }
      Object name = intent.getValue("name");
      Object examples = intent.getValue("examples");
      if (!(name instanceof String n) || n.isBlank()) {
        throw Invalid.field(field + ".name", "must be a non-blank string");
      }
      if (!(examples instanceof JsonArray list) || list.isEmpty()) {
        throw Invalid.field(field + ".examples", "must be a non-empty array of strings");
      }
      List<String> texts = new ArrayList<>();
      for (Object example : list) {
        if (!(example instanceof String s) || s.isBlank()) {
          throw Invalid.field(field + ".examples", "must hold non-blank strings");
        }
        texts.add(s);
      }
      phrases.computeIfAbsent(n, k -> new ArrayList<>()).addAll(texts);
    }
    return phrases;
  }

  private List<Example> embedded(Map<String, List<String>> phrases) {
    List<String> names = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    phrases.forEach(
        (name, list) ->
            list.forEach(
                t -> {
                  names.add(name);
                  texts.add(t);
                }));
    List<float[]> vectors = embeddings.embed(texts);
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      examples.add(new Example(names.get(i), vectors.get(i)));
    }
    return List.copyOf(examples);
  }
}
