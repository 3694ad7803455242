package io.switchboard.ai.assist;

import io.switchboard.ai.bus.BusCalls;
import io.switchboard.platform.bus.AiAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;

/** Answers agent assist on the event bus ({@link AiAddresses}, contracts there). */
public final class AssistConsumers {

  private static final int MAX_ID_CHARS = 100;
  private static final int MAX_TEXT_CHARS = 10_000;

  private final AssistService assist;

  public AssistConsumers(AssistService assist) {
    this.assist = assist;
  }

  /** Registers the three consumers. */
  public Future<List<MessageConsumer<Object>>> register(EventBus bus) {
    MessageConsumer<Object> suggest =
        bus.consumer(
            AiAddresses.ASSIST_SUGGEST,
            msg ->
                BusCalls.answer(
                    msg, body -> assist.suggest(BusCalls.caller(body), conversation(body))));
    MessageConsumer<Object> summary =
        bus.consumer(
            AiAddresses.ASSIST_SUMMARY,
            msg ->
                BusCalls.answer(
                    msg, body -> assist.summary(BusCalls.caller(body), conversation(body))));
    MessageConsumer<Object> classify =
        bus.consumer(
            AiAddresses.ASSIST_CLASSIFY,
            msg ->
                BusCalls.answer(
                    msg,
                    body ->
                        assist.classify(
                            BusCalls.tenant(body), BusCalls.text(body, "text", MAX_TEXT_CHARS))));
    return Future.all(suggest.completion(), summary.completion(), classify.completion())
        .map(done -> List.of(suggest, summary, classify));
  }

  private static String conversation(Object body) {
    return BusCalls.text(body, "conversation_id", MAX_ID_CHARS);
  }
}
