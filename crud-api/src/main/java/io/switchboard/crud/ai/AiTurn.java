package io.switchboard.crud.ai;

import io.switchboard.crud.http.Versioned;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One recorded AI turn, for the tenant's audit; never changed once written.
 *
 * @param id primary key
 * @param fields what the AI role recorded: kind, conversation or call, provider, model, latency,
 *     tokens, tools, outcome, detail
 * @param createdAt when it was recorded
 */
public record AiTurn(UUID id, JsonObject fields, OffsetDateTime createdAt) implements Versioned {

  /** The turn in a row of {@link AiSql#TURN_COLUMNS}. */
  static AiTurn of(Row row) {
    UUID conversation = row.getUUID("conversation_id");
    UUID call = row.getUUID("call_id");
    Object tools = row.getValue("tools");
    Object detail = row.getValue("detail");
    JsonObject fields =
        new JsonObject()
            .put("kind", row.getString("kind"))
            .put("conversation_id", conversation == null ? null : conversation.toString())
            .put("call_id", call == null ? null : call.toString())
            .put("provider", row.getString("provider"))
            .put("model", row.getString("model"))
            .put("latency_ms", row.getLong("latency_ms"))
            .put("input_tokens", row.getLong("input_tokens"))
            .put("output_tokens", row.getLong("output_tokens"))
            .put("tools", tools instanceof JsonArray array ? array : new JsonArray())
            .put("outcome", row.getString("outcome"))
            .put("detail", detail instanceof JsonObject json ? json : new JsonObject());
    return new AiTurn(row.getUUID("id"), fields, row.getOffsetDateTime("created_at"));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .mergeIn(fields)
        .put("created_at", createdAt.toInstant().toString());
  }

  @Override
  public long version() {
    return 1;
  }
}
