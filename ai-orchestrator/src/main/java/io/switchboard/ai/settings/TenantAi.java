package io.switchboard.ai.settings;

import io.switchboard.platform.config.AiConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One tenant's AI settings, read from the tenant ({@code modules} and {@code settings.ai}, see
 * README "AI agent") with the node's {@code ai.*} defaults where the tenant says nothing. A setting
 * of the wrong type counts as absent, so a typo never stops the bot; the model list is checked
 * entry by entry where providers are built.
 *
 * @param enabled whether the tenant has the {@code ai} module
 * @param models the chat models in fallback order ({@code settings.ai.models}); may be empty
 * @param instructions the tenant's instructions for its assistant; may be empty
 * @param intents the tenant's intents with example phrases ({@code [{"name", "examples"}]})
 * @param handoffTeam team a hand-off routes to, or null
 * @param handoffInbox inbox a hand-off routes to, or null
 * @param requestsPerMinute the tenant's AI requests per minute
 * @param tokensPerMinute the tenant's model tokens per minute
 * @param answerThreshold retrieval confidence below which the embedded default hands off
 */
public record TenantAi(
    boolean enabled,
    JsonArray models,
    String instructions,
    JsonArray intents,
    String handoffTeam,
    String handoffInbox,
    int requestsPerMinute,
    int tokensPerMinute,
    double answerThreshold) {

  /** The settings of {@code tenant} as crud-api renders it. */
  public static TenantAi of(JsonObject tenant, AiConfig defaults) {
    JsonArray modules = array(tenant.getValue("modules"));
    JsonObject settings = object(tenant.getValue("settings"));
    JsonObject ai = object(settings.getValue("ai"));
    JsonObject handoff = object(ai.getValue("handoff"));
    return new TenantAi(
        modules.contains("ai"),
        array(ai.getValue("models")),
        ai.getValue("instructions") instanceof String text ? text : "",
        array(ai.getValue("intents")),
        handoff.getValue("team_id") instanceof String team ? team : null,
        handoff.getValue("inbox_id") instanceof String inbox ? inbox : null,
        positive(ai.getValue("requests_per_minute"), defaults.requestsPerMinute()),
        positive(ai.getValue("tokens_per_minute"), defaults.tokensPerMinute()),
        ai.getValue("answer_threshold") instanceof Number n
                && n.doubleValue() >= 0
                && n.doubleValue() <= 1
            ? n.doubleValue()
            : defaults.answerThreshold());
  }

  /** Where a hand-off sends the conversation: {@code team_id} and {@code inbox_id} when set. */
  public JsonObject handoffTarget() {
    JsonObject target = new JsonObject();
    if (handoffTeam != null) {
      target.put("team_id", handoffTeam);
    }
    if (handoffInbox != null) {
      target.put("inbox_id", handoffInbox);
    }
    return target;
  }

  /** The routing of one of the tenant's intents ({@code team_id}, {@code inbox_id}), or empty. */
  public JsonObject intentTarget(String intent) {
    for (Object entry : intents) {
      if (entry instanceof JsonObject json && intent.equals(json.getValue("name"))) {
        JsonObject target = new JsonObject();
        if (json.getValue("team_id") instanceof String team) {
          target.put("team_id", team);
        }
        if (json.getValue("inbox_id") instanceof String inbox) {
          target.put("inbox_id", inbox);
        }
        return target;
      }
    }
    return new JsonObject();
  }

  private static JsonObject object(Object value) {
    return value instanceof JsonObject json ? json : new JsonObject();
  }

  private static JsonArray array(Object value) {
    return value instanceof JsonArray json ? json : new JsonArray();
  }

  private static int positive(Object value, int fallback) {
    return value instanceof Number n && n.intValue() > 0 ? n.intValue() : fallback;
  }
}
