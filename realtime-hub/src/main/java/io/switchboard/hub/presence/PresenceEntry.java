package io.switchboard.hub.presence;

import io.vertx.core.json.JsonObject;

/**
 * Who is in a channel: one entry per connection. info is the JSON the hub wants to show (user id,
 * client id, conn info).
 */
public record PresenceEntry(String clientId, String userId, JsonObject info) {

  JsonObject toJson() {
    return new JsonObject().put("clientId", clientId).put("userId", userId).put("info", info);
  }

  static PresenceEntry fromJson(JsonObject json) {
    return new PresenceEntry(
        json.getString("clientId"), json.getString("userId"), json.getJsonObject("info"));
  }
}
