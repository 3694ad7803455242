package io.switchboard.ai.events;

import io.switchboard.ai.assist.ResolveSummaries;
import io.switchboard.ai.bot.ChatBot;
import io.switchboard.ai.retrieval.KnowledgeBase;
import io.switchboard.platform.bus.EventAddresses;
import io.switchboard.platform.collect.BoundedMap;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the AI role does with crud-api's domain events: a customer's message gets the bot's turn, a
 * resolved conversation its summary, a changed knowledge-base article its chunks embedded again.
 * Every crud node announces each event: turns and summaries go to the first AI node that claims the
 * event in Redis; every AI node keeps its own index, so each one takes article changes, once.
 */
public final class AiEvents {

  private static final String CLAIM_SECONDS = "3600";

  /** Article events remembered per node to take each once, however many crud nodes announce it. */
  private static final int SEEN_ARTICLE_EVENTS = 1_024;

  private static final Logger LOG = LoggerFactory.getLogger(AiEvents.class);

  private final ChatBot bot;
  private final ResolveSummaries summaries;
  private final KnowledgeBase knowledge;
  private final RedisAPI redis;
  private final Map<String, Boolean> seenArticleEvents = BoundedMap.firstPut(SEEN_ARTICLE_EVENTS);

  public AiEvents(
      ChatBot bot, ResolveSummaries summaries, KnowledgeBase knowledge, RedisAPI redis) {
    this.bot = bot;
    this.summaries = summaries;
    this.knowledge = knowledge;
    this.redis = redis;
  }

  /** Starts following the domain events. */
  public MessageConsumer<EventEnvelope> listen(EventBus bus) {
    return bus.consumer(EventAddresses.DOMAIN_EVENTS, message -> onEvent(message.body()));
  }

  private void onEvent(EventEnvelope event) {
    String type = event.getType();
    if (type.startsWith("kb_article.")) {
      if (seenArticleEvents.put(event.getEventId(), Boolean.TRUE) == null) {
        payload(event)
            .map(article -> article.getValue("id"))
            .filter(String.class::isInstance)
            .ifPresent(
                id ->
                    knowledge
                        .articleChanged(event.getTenantId(), (String) id)
                        .onFailure(
                            failed ->
                                LOG.warn(
                                    "Article {} of {} not indexed again: {}",
                                    id,
                                    event.getTenantId(),
                                    failed.getMessage())));
      }
    } else if ("message.created".equals(type) || "conversation.updated".equals(type)) {
      payload(event)
          .ifPresent(
              payload ->
                  claim(event)
                      .onSuccess(
                          first -> {
                            if (!first) {
                              return;
                            }
                            if ("message.created".equals(type)) {
                              bot.onMessage(event, payload);
                            } else {
                              summaries.onUpdated(event.getTenantId(), payload);
                            }
                          })
                      .onFailure(
                          failed -> LOG.warn("Event {} not claimed", event.getEventId(), failed)));
    }
  }

  private static Optional<JsonObject> payload(EventEnvelope event) {
    try {
      return Optional.of(new JsonObject(event.getPayload().toStringUtf8()));
    } catch (DecodeException | ClassCastException e) {
      LOG.warn("Event {} has no JSON payload", event.getEventId());
      return Optional.empty();
    }
  }

  /** True for the first AI node to see {@code event}. */
  private Future<Boolean> claim(EventEnvelope event) {
    String key = "ai:{" + event.getTenantId() + "}:event:" + event.getEventId();
    return redis
        .set(List.of(key, "1", "NX", "EX", CLAIM_SECONDS))
        .map(reply -> reply != null && "OK".equals(reply.toString()));
  }
}
