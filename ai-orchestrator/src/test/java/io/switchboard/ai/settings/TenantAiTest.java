package io.switchboard.ai.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.config.AiConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A tenant's AI settings")
class TenantAiTest {

  private static final AiConfig DEFAULTS =
      new AiConfig(2, 64, 800, 0.5, 10, 12_000, 120, 60_000, 20_000, 1, 5, 30_000);

  @Test
  @DisplayName("come from the tenant's modules and settings.ai")
  void fromTenant() {
    JsonObject tenant =
        new JsonObject()
            .put("modules", new JsonArray().add("chat").add("ai"))
            .put(
                "settings",
                new JsonObject()
                    .put(
                        "ai",
                        new JsonObject()
                            .put(
                                "models",
                                new JsonArray().add(new JsonObject().put("provider", "openai")))
                            .put("instructions", "Be brief.")
                            .put(
                                "intents",
                                new JsonArray()
                                    .add(
                                        new JsonObject()
                                            .put("name", "billing")
                                            .put("team_id", "team-b")))
                            .put("handoff", new JsonObject().put("inbox_id", "inbox-h"))
                            .put("requests_per_minute", 7)
                            .put("tokens_per_minute", 900)
                            .put("answer_threshold", 0.7)));
    TenantAi ai = TenantAi.of(tenant, DEFAULTS);
    assertThat(ai.enabled()).isTrue();
    assertThat(ai.models()).hasSize(1);
    assertThat(ai.instructions()).isEqualTo("Be brief.");
    assertThat(ai.requestsPerMinute()).isEqualTo(7);
    assertThat(ai.tokensPerMinute()).isEqualTo(900);
    assertThat(ai.answerThreshold()).isEqualTo(0.7);
    assertThat(ai.handoffTarget()).isEqualTo(new JsonObject().put("inbox_id", "inbox-h"));
    assertThat(ai.intentTarget("billing")).isEqualTo(new JsonObject().put("team_id", "team-b"));
    assertThat(ai.intentTarget("other")).isEmpty();
  }

  @Test
  @DisplayName("of the wrong type count as absent, so a typo never stops the bot")
  void wrongTypes() {
    JsonObject tenant =
        new JsonObject()
            .put("modules", "ai")
            .put(
                "settings",
                new JsonObject()
                    .put(
                        "ai",
                        new JsonObject()
                            .put("models", "gpt")
                            .put("instructions", 3)
                            .put("intents", new JsonObject())
                            .put("handoff", "team")
                            .put("requests_per_minute", -1)
                            .put("tokens_per_minute", "many")
                            .put("answer_threshold", 2)));
    TenantAi ai = TenantAi.of(tenant, DEFAULTS);
    assertThat(ai.enabled()).isFalse();
    assertThat(ai.models()).isEmpty();
    assertThat(ai.instructions()).isEmpty();
    assertThat(ai.intents()).isEmpty();
    assertThat(ai.handoffTarget()).isEmpty();
    assertThat(ai.requestsPerMinute()).isEqualTo(DEFAULTS.requestsPerMinute());
    assertThat(ai.tokensPerMinute()).isEqualTo(DEFAULTS.tokensPerMinute());
    assertThat(ai.answerThreshold()).isEqualTo(DEFAULTS.answerThreshold());
    assertThat(TenantAi.of(new JsonObject(), DEFAULTS).enabled()).isFalse();
  }
}
