package io.switchboard.voice.ai;

import io.switchboard.platform.bus.AiAddresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Hands a caller's turn to the AI agent over the event bus ({@link AiAddresses#VOICE_TURN}) and
 * streams its reply back. The future fails when no agent takes the turn in time (no ai role in the
 * cluster, the tenant's AI off, an error): the call then goes to a human agent.
 */
public final class AiTurns {

  /** Longest a whole reply may take once accepted. */
  public static final long MAX_TURN_MS = 60_000;

  /** Pieces of a reply kept while the call has not started listening yet. */
  private static final int MAX_EARLY_MESSAGES = 10_000;

  private final Vertx vertx;
  private final long firstReplyMs;

  /**
   * @param firstReplyMs how long the agent has to accept the turn
   */
  public AiTurns(Vertx vertx, long firstReplyMs) {
    this.vertx = vertx;
    this.firstReplyMs = firstReplyMs;
  }

  /**
   * Asks for a reply to {@code text}.
   *
   * @param history earlier segments of the call, {@code [{"speaker", "text"}]}, oldest first
   */
  public Future<AiTurn> ask(String tenant, String callId, String text, JsonArray history) {
    String turnId = UUID.randomUUID().toString();
    String replyTo = "voice.turn." + turnId;
    Stream stream = new Stream(vertx, tenant, callId, turnId);
    // A clustered consumer: the ai role may run on another node.
    MessageConsumer<JsonObject> consumer =
        vertx.eventBus().consumer(replyTo, m -> stream.on(m.body()));
    stream.consumer = consumer;
    JsonObject request =
        new JsonObject()
            .put("tenant", tenant)
            .put("call_id", callId)
            .put("turn_id", turnId)
            .put("text", text)
            .put("history", history)
            .put("reply_to", replyTo);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(firstReplyMs);
    return consumer
        .completion()
        .compose(
            registered ->
                vertx.eventBus().<JsonObject>request(AiAddresses.VOICE_TURN, request, options))
        .compose(
            reply -> {
              if (!reply.body().getBoolean("accepted", false)) {
                return Future.failedFuture("the AI agent declined the turn");
              }
              stream.armTimeout();
              return Future.<AiTurn>succeededFuture(stream);
            })
        .onFailure(failure -> consumer.unregister());
  }

  /** One streaming reply. */
  private static final class Stream implements AiTurn {

    private final Vertx vertx;
    private final Context context;
    private final String tenant;
    private final String callId;
    private final String turnId;
    private MessageConsumer<JsonObject> consumer;
    // What came before the call started listening: the agent streams as soon as it accepts.
    private final List<JsonObject> early = new ArrayList<>();
    private Consumer<String> deltas;
    private Consumer<Boolean> end;
    private boolean done;
    private long timer = -1;

    Stream(Vertx vertx, String tenant, String callId, String turnId) {
      this.vertx = vertx;
      this.context = vertx.getOrCreateContext();
      this.tenant = tenant;
      this.callId = callId;
      this.turnId = turnId;
    }

    @Override
    public void start(Consumer<String> deltas, Consumer<Boolean> end) {
      this.deltas = deltas;
      this.end = end;
      List<JsonObject> pending = new ArrayList<>(early);
      early.clear();
      pending.forEach(this::on);
    }

    @Override
    public void cancel() {
      if (done) {
        return;
      }
      finish();
      vertx
          .eventBus()
          .publish(
              AiAddresses.VOICE_TURN_CANCEL,
              new JsonObject().put("tenant", tenant).put("call_id", callId).put("turn_id", turnId));
    }

    void armTimeout() {
      timer =
          context
              .owner()
              .setTimer(
                  MAX_TURN_MS,
                  id -> {
                    if (!done) {
                      finish();
                      end.accept(true);
                    }
                  });
    }

    void on(JsonObject message) {
      if (done || !turnId.equals(message.getString("turn_id"))) {
        return;
      }
      if (deltas == null) {
        if (early.size() < MAX_EARLY_MESSAGES) {
          early.add(message);
        }
        return;
      }
      Object delta = message.getValue("delta");
      if (delta instanceof String text && !text.isEmpty()) {
        deltas.accept(text);
      }
      if (Boolean.TRUE.equals(message.getValue("done"))) {
        finish();
        end.accept(Boolean.TRUE.equals(message.getValue("handoff")));
      }
    }

    private void finish() {
      done = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      if (consumer != null) {
        consumer.unregister();
      }
    }
  }
}
