package io.switchboard.ai.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One earlier message of the conversation, as the model's memory.
 *
 * @param speaker {@code contact}, {@code bot} or {@code agent}
 * @param text what was said
 */
public record ChatTurn(String speaker, String text) {

  /**
   * A page of messages as crud-api lists them newest first, as turns oldest first: private notes
   * and system lines left out.
   */
  public static List<ChatTurn> fromPage(JsonObject page) {
    List<ChatTurn> turns = new ArrayList<>();
    JsonArray messages = page.getJsonArray("messages", new JsonArray());
    for (int i = 0; i < messages.size(); i++) {
      JsonObject message = messages.getJsonObject(i);
      String kind = message.getString("author_kind");
      if (!message.getBoolean("private", false)
          && ("contact".equals(kind) || "agent".equals(kind) || "bot".equals(kind))) {
        turns.add(new ChatTurn(kind, message.getString("body")));
      }
    }
    Collections.reverse(turns);
    return turns;
  }
}
