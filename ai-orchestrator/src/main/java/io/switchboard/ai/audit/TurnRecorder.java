package io.switchboard.ai.audit;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.crud.CrudClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every AI turn to the tenant's audit ({@code ai_turns}, read at {@code GET
 * /api/v1/ai/turns}): what ran, how long it took, the tokens, the tools and how it ended. A turn
 * whose record fails is logged, never failed: the customer's answer matters more than its audit.
 */
public final class TurnRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(TurnRecorder.class);

  private final CrudClient crud;

  public TurnRecorder(CrudClient crud) {
    this.crud = crud;
  }

  /**
   * One turn.
   *
   * @param kind reply, voice, suggest, summary or classify
   * @param conversationId the conversation, or null
   * @param callId the call, or null
   * @param provider the model's provider, or {@code embedded}
   * @param model the model, or the embedded model's name
   * @param latencyMs from the request to the whole answer
   * @param inputTokens prompt tokens
   * @param outputTokens reply tokens
   * @param tools the tools the model called, in order
   * @param outcome answered, handoff, failed, refused or cancelled
   * @param detail anything else worth keeping (articles cited, the error's type)
   */
  public record Turn(
      String kind,
      String conversationId,
      String callId,
      String provider,
      String model,
      long latencyMs,
      int inputTokens,
      int outputTokens,
      List<String> tools,
      String outcome,
      JsonObject detail) {

    JsonObject toJson() {
      JsonObject json =
          new JsonObject()
              .put("kind", kind)
              .put("provider", provider)
              .put("model", model)
              .put("latency_ms", latencyMs)
              .put("input_tokens", inputTokens)
              .put("output_tokens", outputTokens)
              .put("tools", new JsonArray(List.copyOf(tools)))
              .put("outcome", outcome)
              .put("detail", detail);
      if (conversationId != null) {
        json.put("conversation_id", conversationId);
      }
      if (callId != null) {
        json.put("call_id", callId);
      }
      return json;
    }
  }

  /** Records {@code turn} for {@code service}'s tenant. */
  public void record(Caller service, Turn turn) {
    crud.recordAiTurn(service, turn.toJson())
        .onFailure(
            failed ->
                LOG.warn(
                    "AI turn of tenant {} not recorded: {}",
                    service.tenantId(),
                    failed.getMessage()));
  }
}
