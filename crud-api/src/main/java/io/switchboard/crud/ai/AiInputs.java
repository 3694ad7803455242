package io.switchboard.crud.ai;

import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.QueryInput;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The inputs of the AI role's data, parsed and checked against the limits below. */
public final class AiInputs {

  /** Kinds of AI turn. */
  public static final Set<String> KINDS =
      Set.of("reply", "voice", "suggest", "summary", "classify");

  /** How an AI turn ended. */
  public static final Set<String> OUTCOMES =
      Set.of("answered", "handoff", "failed", "refused", "cancelled");

  /** Most chunks of one article. */
  public static final int MAX_CHUNKS = 1_000;

  /** Longest chunk text; articles are split far below it. */
  public static final int MAX_CHUNK_CHARS = 20_000;

  /** Largest embedding, in dimensions. */
  public static final int MAX_DIMENSIONS = 4_096;

  private static final int MAX_NAME = 200;
  private static final int MAX_TOOLS = 50;
  private static final int MAX_DETAIL_BYTES = 16_384;
  private static final int MAX_TITLE = 500;
  private static final int DEFAULT_LIMIT = 25;
  private static final int MAX_LIMIT = 100;

  private static final Set<String> TURN_FIELDS =
      Set.of(
          "kind",
          "conversation_id",
          "call_id",
          "provider",
          "model",
          "latency_ms",
          "input_tokens",
          "output_tokens",
          "tools",
          "outcome",
          "detail");
  private static final Set<String> REPLACE_FIELDS =
      Set.of("article_id", "article_version", "model", "chunks");
  private static final Set<String> NEAREST_FIELDS = Set.of("model", "embedding", "limit", "also");

  /** Most nearest chunks one search asks for. */
  public static final int MAX_NEAREST = 100;

  /** Most keyword-found chunks one search asks to have scored too. */
  public static final int MAX_ALSO = 200;

  private static final Set<String> LIST_PARAMS =
      Set.of("limit", Cursor.PARAM, "conversation_id", "kind", "outcome");

  private AiInputs() {}

  /**
   * An AI turn to record.
   *
   * @param kind what ran
   * @param conversationId the conversation, or null
   * @param callId the call, or null
   * @param provider the model's provider
   * @param model the model
   * @param latencyMs how long it took
   * @param inputTokens prompt tokens
   * @param outputTokens reply tokens
   * @param tools tools called, in order
   * @param outcome how it ended
   * @param detail anything else kept
   */
  public record NewTurn(
      String kind,
      UUID conversationId,
      UUID callId,
      String provider,
      String model,
      long latencyMs,
      long inputTokens,
      long outputTokens,
      JsonArray tools,
      String outcome,
      JsonObject detail) {}

  /**
   * A replacement of one article's chunks.
   *
   * @param articleId the article
   * @param articleVersion the version they were made from
   * @param model the embedding model
   * @param chunks the chunks, possibly none
   */
  public record Replacement(
      UUID articleId, long articleVersion, String model, List<AiStore.Chunk> chunks) {}

  /**
   * A search for the chunks nearest to a vector.
   *
   * @param model the embedding model
   * @param vector the question's vector as little-endian float32s
   * @param limit how many nearest chunks
   * @param articleIds with {@code chunkNos}: chunks to score as well, found some other way
   * @param chunkNos the chunk numbers matching {@code articleIds}
   */
  public record Nearest(
      String model, Buffer vector, int limit, List<UUID> articleIds, List<Integer> chunkNos) {}

  /**
   * A page request of AI turns.
   *
   * @param limit page size
   * @param after cursor of the previous page, or null
   * @param conversationId filter, or null
   * @param kind filter, or null
   * @param outcome filter, or null
   */
  public record TurnQuery(
      int limit, Cursor after, UUID conversationId, String kind, String outcome) {}

  /** The turn in {@code body}. */
  public static NewTurn turn(Buffer body) {
    JsonInput in = JsonInput.of(body, TURN_FIELDS);
    JsonObject json = body.toJsonObject();
    NewTurn turn =
        new NewTurn(
            in.oneOf("kind", true, KINDS),
            in.uuid("conversation_id", false),
            in.uuid("call_id", false),
            in.string("provider", true, MAX_NAME),
            model(in, json),
            in.nonNegative("latency_ms", false),
            in.nonNegative("input_tokens", false),
            in.nonNegative("output_tokens", false),
            tools(in, json),
            in.oneOf("outcome", true, OUTCOMES),
            in.has("detail") ? in.object("detail", false, MAX_DETAIL_BYTES) : new JsonObject());
    in.check();
    return turn;
  }

  /** The replacement in {@code body}. */
  public static Replacement replacement(Buffer body) {
    JsonInput in = JsonInput.of(body, REPLACE_FIELDS);
    JsonObject json = body.toJsonObject();
    UUID article = in.uuid("article_id", true);
    long version = in.nonNegative("article_version", false);
    String model = in.string("model", true, MAX_NAME);
    List<AiStore.Chunk> chunks = new ArrayList<>();
    Object raw = json.getValue("chunks");
    if (!(raw instanceof JsonArray array)) {
      in.reject("chunks", "must be an array");
    } else if (array.size() > MAX_CHUNKS) {
      in.reject("chunks", "holds at most " + MAX_CHUNKS + " chunks");
    } else {
      for (int i = 0; i < array.size(); i++) {
        AiStore.Chunk chunk = chunk(array.getValue(i));
        if (chunk == null) {
          in.reject(
              "chunks[" + i + "]",
              "must be {\"chunk_no\", \"title\", \"text\", \"embedding\"} with a base64 embedding"
                  + " of at most "
                  + MAX_DIMENSIONS
                  + " finite float32s");
        } else {
          chunks.add(chunk);
        }
      }
    }
    in.check();
    return new Replacement(article, version, model, chunks);
  }

  /** The nearest-chunks search in {@code body}. */
  public static Nearest nearest(Buffer body) {
    JsonInput in = JsonInput.of(body, NEAREST_FIELDS);
    JsonObject json = body.toJsonObject();
    String model = in.string("model", true, MAX_NAME);
    byte[] vector = json.getValue("embedding") instanceof String s ? embedding(s) : null;
    if (vector == null) {
      in.reject(
          "embedding",
          "must be base64 of 1 to " + MAX_DIMENSIONS + " finite little-endian float32s");
    }
    int limit = 0;
    if (!(json.getValue("limit") instanceof Integer n) || n < 1 || n > MAX_NEAREST) {
      in.reject("limit", "must be an integer from 1 to " + MAX_NEAREST);
    } else {
      limit = n;
    }
    List<UUID> articles = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    Object also = json.getValue("also");
    if (also != null && !(also instanceof JsonArray)) {
      in.reject("also", "must be an array");
    } else if (also != null && ((JsonArray) also).size() > MAX_ALSO) {
      in.reject("also", "holds at most " + MAX_ALSO + " chunks");
    } else if (also != null) {
      JsonArray array = (JsonArray) also;
      for (int i = 0; i < array.size(); i++) {
        UUID article = null;
        if (array.getValue(i) instanceof JsonObject key
            && key.getValue("article_id") instanceof String id
            && key.getValue("chunk_no") instanceof Integer number
            && number >= 0) {
          try {
            article = UUID.fromString(id);
            articles.add(article);
            numbers.add(number);
          } catch (IllegalArgumentException notUuid) {
            article = null;
          }
        }
        if (article == null) {
          in.reject("also[" + i + "]", "must be {\"article_id\": uuid, \"chunk_no\": n >= 0}");
        }
      }
    }
    in.check();
    return new Nearest(model, Buffer.buffer(vector), limit, articles, numbers);
  }

  /** The list request in {@code params}. */
  public static TurnQuery list(MultiMap params) {
    QueryInput in = QueryInput.of(params, LIST_PARAMS);
    TurnQuery query =
        new TurnQuery(
            (int) in.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT),
            in.cursor(),
            in.uuid("conversation_id"),
            in.oneOf("kind", KINDS, null),
            in.oneOf("outcome", OUTCOMES, null));
    in.check();
    return query;
  }

  private static AiStore.Chunk chunk(Object value) {
    if (!(value instanceof JsonObject json)
        || !(json.getValue("chunk_no") instanceof Integer number)
        || number < 0
        || !(json.getValue("title") instanceof String title)
        || title.length() > MAX_TITLE
        || title.indexOf('\0') >= 0
        || !(json.getValue("text") instanceof String text)
        || text.length() > MAX_CHUNK_CHARS
        || text.indexOf('\0') >= 0
        || !(json.getValue("embedding") instanceof String encoded)) {
      return null;
    }
    byte[] embedding = embedding(encoded);
    return embedding == null
        ? null
        : new AiStore.Chunk(number, title, text, Buffer.buffer(embedding));
  }

  /** The float32s in base64 {@code encoded}, or null unless 1 to MAX_DIMENSIONS finite ones. */
  private static byte[] embedding(String encoded) {
    byte[] embedding;
    try {
      embedding = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (embedding.length == 0
        || embedding.length % Float.BYTES != 0
        || embedding.length > MAX_DIMENSIONS * Float.BYTES) {
      return null;
    }
    Buffer floats = Buffer.buffer(embedding);
    for (int at = 0; at < embedding.length; at += Float.BYTES) {
      if (!Float.isFinite(floats.getFloatLE(at))) {
        return null;
      }
    }
    return embedding;
  }

  /** The tools called, in order; a tool called twice is there twice. */
  private static JsonArray tools(JsonInput in, JsonObject json) {
    Object value = json.getValue("tools");
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray array) || array.size() > MAX_TOOLS) {
      in.reject("tools", "must be an array of at most " + MAX_TOOLS + " tool names");
      return new JsonArray();
    }
    for (Object name : array) {
      if (!(name instanceof String text) || text.isEmpty() || text.length() > MAX_NAME) {
        in.reject("tools", "must hold tool names of 1 to " + MAX_NAME + " characters");
        return new JsonArray();
      }
    }
    return array;
  }

  private static String model(JsonInput in, JsonObject json) {
    // The embedded answer has no chat model: an empty model name is allowed.
    if (json.getValue("model") instanceof String model && model.isEmpty()) {
      return model;
    }
    return in.string("model", true, MAX_NAME);
  }
}
