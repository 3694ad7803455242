package io.switchboard.ai.assist;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.model.ChatTurn;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Agent assist without a chat model")
class AssistServiceTest {

  @Test
  @DisplayName("summarises with facts of the conversation only")
  void plainAccount() {
    String summary =
        AssistService.account(
            List.of(
                new ChatTurn("contact", "My parcel\n has not   arrived."),
                new ChatTurn("bot", "Orders ship within two days."),
                new ChatTurn("agent", "I sent a new one.")));
    assertThat(summary)
        .isEqualTo(
            "The customer wrote: \"My parcel has not arrived.\". 3 messages: 1 from the customer,"
                + " 1 from agents, 1 from the bot. Last, from the agent: \"I sent a new one.\".");
    assertThat(AssistService.account(List.of())).isEqualTo("No messages yet.");
    assertThat(AssistService.account(List.of(new ChatTurn("contact", "x".repeat(500)))))
        .contains("x".repeat(200) + "…");
  }

  @Test
  @DisplayName("reads a page of messages oldest first, leaving out notes and system lines")
  void turns() {
    JsonObject page =
        new JsonObject()
            .put(
                "messages",
                new JsonArray()
                    .add(message("agent", "third", false))
                    .add(message("agent", "a note", true))
                    .add(message("system", "assigned", false))
                    .add(message("bot", "second", false))
                    .add(message("contact", "first", false)));
    assertThat(ChatTurn.fromPage(page))
        .containsExactly(
            new ChatTurn("contact", "first"),
            new ChatTurn("bot", "second"),
            new ChatTurn("agent", "third"));
  }

  private static JsonObject message(String kind, String body, boolean note) {
    return new JsonObject().put("author_kind", kind).put("body", body).put("private", note);
  }
}
