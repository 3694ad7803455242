package io.switchboard.voice.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A tenant's voice settings")
class VoiceSettingsTest {

  private static JsonObject tenant(Object voice) {
    return new JsonObject()
        .put("id", "acme")
        .put("modules", new JsonArray().add("chat").add("voice"))
        .put("settings", new JsonObject().put("voice", voice));
  }

  @Test
  @DisplayName(
      "A menu routes by key and by word; asking for an agent is heard anywhere in a sentence")
  void menu() {
    VoiceSettings settings =
        VoiceSettings.of(
            tenant(
                new JsonObject()
                    .put("greeting", "Hi.")
                    .put(
                        "menu",
                        new JsonObject()
                            .put("prompt", "Press 1 for sales.")
                            .put(
                                "options",
                                new JsonArray()
                                    .add(
                                        new JsonObject()
                                            .put("digit", "1")
                                            .put("say", "Sales")
                                            .put("inbox_id", "i-1"))
                                    .add(
                                        new JsonObject()
                                            .put("digit", "2")
                                            .put("say", "billing")
                                            .put("inbox_id", "i-2")
                                            .put("reply", "Billing."))))));
    assertThat(settings.hasMenu()).isTrue();
    assertThat(settings.ai()).isTrue();
    assertThat(settings.byDigit('2').inboxId()).isEqualTo("i-2");
    assertThat(settings.byDigit('9')).isNull();
    assertThat(settings.bySpeech("i want sales please").inboxId()).isEqualTo("i-1");
    assertThat(settings.bySpeech("wholesales")).isNull();
    assertThat(settings.menuPhrases()).contains("sales", "billing", "agent");
    assertThat(VoiceSettings.asksForHuman("can i talk to an agent")).isTrue();
    assertThat(VoiceSettings.asksForHuman("agents of change")).isFalse();
  }

  @Test
  @DisplayName("Malformed settings fall back to the defaults rather than take the line down")
  void malformed() {
    VoiceSettings settings =
        VoiceSettings.of(
            tenant(
                new JsonObject()
                    .put("ai", "yes")
                    .put("greeting", 42)
                    .put(
                        "menu",
                        new JsonObject()
                            .put(
                                "options",
                                new JsonArray()
                                    .add("x")
                                    .add(
                                        new JsonObject()
                                            .put("digit", "12")
                                            .put("say", "a")
                                            .put("inbox_id", "i"))
                                    .add(
                                        new JsonObject()
                                            .put("digit", "1")
                                            .put("say", "")
                                            .put("inbox_id", "i"))
                                    .add(new JsonObject().put("digit", "1").put("say", "a"))))));
    assertThat(settings.ai()).isTrue();
    assertThat(settings.greeting()).isEmpty();
    assertThat(settings.hasMenu()).isFalse();
    assertThat(VoiceSettings.of(tenant("nonsense"))).isEqualTo(VoiceSettings.DEFAULTS);
  }

  @Test
  @DisplayName("A tenant without the voice module may not take calls; AI can be switched off")
  void switches() {
    JsonObject noVoice =
        tenant(new JsonObject().put("ai", false)).put("modules", new JsonArray().add("chat"));
    assertThat(VoiceSettings.of(noVoice).voiceEnabled()).isFalse();
    assertThat(VoiceSettings.of(noVoice).ai()).isFalse();
  }
}
