package io.switchboard.ai.model;

import io.switchboard.platform.collect.BoundedMap;
import io.switchboard.platform.config.AiConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's configured chat models ({@code settings.ai.models}) as providers, built once per
 * configuration and reused, so a provider's HTTP client is not rebuilt per turn.
 */
public final class ModelProviders {

  /** Most providers kept built; the least recently used goes first. */
  public static final int MAX_CACHED = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(ModelProviders.class);

  private final Vertx vertx;
  private final AiConfig config;
  private final Map<String, ModelProvider> cache = BoundedMap.leastRecentlyUsed(MAX_CACHED);

  public ModelProviders(Vertx vertx, AiConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /**
   * The providers of {@code models}, in order: entries {@code {"provider": "openai"|"ollama",
   * "base_url", "api_key"?, "model", "timeout_ms"?}}; an invalid entry is skipped and logged.
   */
  public List<ModelProvider> of(JsonArray models) {
    List<ModelProvider> providers = new ArrayList<>();
    if (models == null) {
      return providers;
    }
    for (Object entry : models) {
      String problem = problem(entry);
      if (problem != null) {
        LOG.warn("Chat model entry skipped: {}", problem);
        continue;
      }
      providers.add(provider((JsonObject) entry));
    }
    return providers;
  }

  private synchronized ModelProvider provider(JsonObject entry) {
    String provider = entry.getString("provider");
    String baseUrl = entry.getString("base_url");
    String apiKey = entry.getString("api_key");
    String model = entry.getString("model");
    // The chain bounds every call by ai.model-timeout-ms; a tenant may only ask for less.
    long timeoutMs =
        Math.min(
            entry.getLong("timeout_ms", (long) config.modelTimeoutMs()), config.modelTimeoutMs());
    String key =
        String.join(
            "|", provider, baseUrl, model, String.valueOf(apiKey), String.valueOf(timeoutMs));
    return cache.computeIfAbsent(
        key,
        k ->
            new LangchainModelProvider(
                vertx, provider, baseUrl, apiKey, model, Duration.ofMillis(timeoutMs)));
  }

  /** Why {@code entry} cannot be used, or null when it can. */
  static String problem(Object entry) {
    if (!(entry instanceof JsonObject json)) {
      return "not an object";
    }
    Object provider = json.getValue("provider");
    if (!"openai".equals(provider) && !"ollama".equals(provider)) {
      return "provider must be openai or ollama";
    }
    if (!(json.getValue("model") instanceof String model) || model.isBlank()) {
      return "model is missing";
    }
    if (!(json.getValue("base_url") instanceof String url) || !httpUrl(url)) {
      return "base_url must be an http or https URL";
    }
    Object apiKey = json.getValue("api_key");
    if (apiKey != null && !(apiKey instanceof String)) {
      return "api_key must be text";
    }
    Object timeout = json.getValue("timeout_ms");
    if (timeout != null && (!(timeout instanceof Number number) || number.longValue() < 1)) {
      return "timeout_ms must be a positive number";
    }
    return null;
  }

  private static boolean httpUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }
}
