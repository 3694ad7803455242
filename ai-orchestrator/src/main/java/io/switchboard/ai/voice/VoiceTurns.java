package io.switchboard.ai.voice;

import io.switchboard.ai.audit.TurnRecorder;
import io.switchboard.ai.bot.Answerer;
import io.switchboard.ai.bot.ChatBot;
import io.switchboard.ai.bot.Question;
import io.switchboard.ai.bus.BusCalls;
import io.switchboard.ai.model.ChatTurn;
import io.switchboard.ai.model.ReplySink;
import io.switchboard.ai.settings.TenantAi;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.bus.AiAddresses;
import io.switchboard.platform.config.AiConfig;
import io.switchboard.platform.crud.CrudClient;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.ModuleDisabled;
import io.switchboard.platform.error.SwitchboardException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AI agent on the phone: answers {@link AiAddresses#VOICE_TURN} (contract there) by accepting
 * the turn at once and streaming the reply to the caller's {@code reply_to} address as it is
 * written, which the voice role speaks sentence by sentence; {@link AiAddresses#VOICE_TURN_CANCEL}
 * (the caller spoke over it or hung up) stops the stream. A refused request fails with the HTTP
 * status of its error (400 naming the field, 403 when the tenant's AI is off, 503 busy), and the
 * voice role then sends the call to a person.
 */
public final class VoiceTurns {

  private static final int MAX_TEXT_CHARS = 10_000;
  private static final int MAX_HISTORY = 200;

  private static final Logger LOG = LoggerFactory.getLogger(VoiceTurns.class);

  private final AiConfig config;
  private final CrudClient crud;
  private final Answerer answerer;
  private final TurnRecorder recorder;
  private final EventBus bus;
  // Turns running on this node, and those of them cancelled: their remaining words go nowhere.
  private final Set<String> running = new HashSet<>();
  private final Set<String> cancelled = new HashSet<>();

  public VoiceTurns(
      AiConfig config, CrudClient crud, Answerer answerer, TurnRecorder recorder, EventBus bus) {
    this.config = config;
    this.crud = crud;
    this.answerer = answerer;
    this.recorder = recorder;
    this.bus = bus;
  }

  /** Registers both consumers. */
  public Future<List<MessageConsumer<Object>>> register() {
    MessageConsumer<Object> turns = bus.consumer(AiAddresses.VOICE_TURN, this::onTurn);
    MessageConsumer<Object> cancels = bus.consumer(AiAddresses.VOICE_TURN_CANCEL, this::onCancel);
    return Future.all(turns.completion(), cancels.completion())
        .map(done -> List.of(turns, cancels));
  }

  private record Turn(
      String tenant,
      String callId,
      String turnId,
      String text,
      List<ChatTurn> history,
      String replyTo) {}

  private void onTurn(Message<Object> msg) {
    Turn turn;
    try {
      turn = parse(msg.body());
    } catch (SwitchboardException refused) {
      BusCalls.fail(msg, refused);
      return;
    }
    Caller service = ChatBot.service(turn.tenant());
    crud.tenant(service)
        .map(json -> TenantAi.of(json, config))
        .onComplete(
            read -> {
              if (read.failed()) {
                BusCalls.fail(msg, read.cause());
              } else if (!read.result().enabled()) {
                BusCalls.fail(msg, new ModuleDisabled("ai"));
              } else {
                msg.reply(new JsonObject().put("accepted", true));
                run(service, read.result(), turn);
              }
            });
  }

  private void run(Caller service, TenantAi ai, Turn turn) {
    long started = System.nanoTime();
    running.add(turn.turnId());
    ReplySink sink =
        text -> {
          if (!cancelled.contains(turn.turnId())) {
            bus.send(
                turn.replyTo(), new JsonObject().put("turn_id", turn.turnId()).put("delta", text));
          }
        };
    answerer
        .answer(ai, new Question(turn.tenant(), turn.text(), turn.history()), null, sink)
        .onComplete(
            done -> {
              running.remove(turn.turnId());
              boolean wasCancelled = cancelled.remove(turn.turnId());
              boolean handoff = done.failed() || done.result().handoff();
              if (!wasCancelled) {
                bus.send(
                    turn.replyTo(),
                    new JsonObject()
                        .put("turn_id", turn.turnId())
                        .put("done", true)
                        .put("handoff", handoff));
              }
              long latency = (System.nanoTime() - started) / 1_000_000;
              TurnRecorder.Turn record =
                  done.succeeded()
                      ? new TurnRecorder.Turn(
                          "voice",
                          null,
                          turn.callId(),
                          done.result().provider(),
                          done.result().model(),
                          latency,
                          done.result().inputTokens(),
                          done.result().outputTokens(),
                          done.result().tools(),
                          wasCancelled ? "cancelled" : done.result().outcome(),
                          done.result().detail())
                      : new TurnRecorder.Turn(
                          "voice",
                          null,
                          turn.callId(),
                          Answerer.EMBEDDED,
                          "",
                          latency,
                          0,
                          0,
                          List.of(),
                          "failed",
                          new JsonObject().put("error", String.valueOf(done.cause().getMessage())));
              recorder.record(service, record);
              if (done.failed()) {
                LOG.info("Voice turn of {} failed: {}", turn.tenant(), done.cause().getMessage());
              }
            });
  }

  private void onCancel(Message<Object> msg) {
    if (msg.body() instanceof JsonObject body && body.getValue("turn_id") instanceof String id) {
      // Published to every node: only the one running the turn keeps it.
      if (running.contains(id)) {
        cancelled.add(id);
      }
    }
  }

  private static Turn parse(Object body) {
    if (!(body instanceof JsonObject json)) {
      throw Invalid.field("$", "must be a JSON object");
    }
    String tenant = BusCalls.tenant(json);
    String callId = BusCalls.text(json, "call_id", 100);
    String turnId = BusCalls.text(json, "turn_id", 100);
    String text = BusCalls.text(json, "text", MAX_TEXT_CHARS);
    String replyTo = BusCalls.text(json, "reply_to", 200);
    List<ChatTurn> history = new ArrayList<>();
    Object raw = json.getValue("history");
    if (raw != null && !(raw instanceof JsonArray)) {
      throw Invalid.field("history", "must be an array");
    }
    if (raw instanceof JsonArray array) {
      if (array.size() > MAX_HISTORY) {
        throw Invalid.field("history", "holds at most " + MAX_HISTORY + " segments");
      }
      for (int i = 0; i < array.size(); i++) {
        if (!(array.getValue(i) instanceof JsonObject segment)
            || !(segment.getValue("speaker") instanceof String speaker)
            || !(segment.getValue("text") instanceof String said)) {
          throw Invalid.field("history[" + i + "]", "must be {\"speaker\", \"text\"}");
        }
        history.add(new ChatTurn(speaker, said));
      }
    }
    return new Turn(tenant, callId, turnId, text, history, replyTo);
  }
}
