package io.switchboard.ai.bot;

import io.switchboard.ai.classify.Classifier;
import io.switchboard.ai.classify.Intent;
import io.switchboard.ai.classify.Sentiment;
import io.switchboard.ai.settings.TenantAi;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.bus.HubAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intent and sentiment of each customer message, for the agents who follow its inbox: published
 * into {@code inbox:<id>} (staff only, never the customer's channel) as {@code {"type":
 * "ai.insight", "conversation_id", "message_id", "offset", "intent", "sentiment", "routing"}}, in
 * inboxes with the bot switched on, whether or not it still answers there (after a hand-off the
 * agent gets them). Best effort: an insight lost loses no message.
 */
public final class Insights {

  private static final long TIMEOUT_MS = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger(Insights.class);

  private final Classifier classifier;
  private final EventBus bus;

  public Insights(Classifier classifier, EventBus bus) {
    this.classifier = classifier;
    this.bus = bus;
  }

  /** The intent, sentiment and suggested routing of {@code text} for tenant settings {@code ai}. */
  public Future<JsonObject> of(TenantAi ai, String text) {
    Future<Intent> intent = classifier.intent(ai.intents(), text);
    Future<Sentiment> sentiment = classifier.sentiment(text);
    return Future.all(intent, sentiment)
        .map(
            both ->
                new JsonObject()
                    .put(
                        "intent",
                        new JsonObject()
                            .put("name", intent.result().name())
                            .put("score", intent.result().score()))
                    .put(
                        "sentiment",
                        new JsonObject()
                            .put("label", sentiment.result().label())
                            .put("score", sentiment.result().score()))
                    .put("routing", routing(ai, intent.result())));
  }

  /** Where the conversation should go: the intent's team or inbox, else the hand-off target. */
  public static JsonObject routing(TenantAi ai, Intent intent) {
    JsonObject target = ai.intentTarget(intent.name());
    if (!target.isEmpty()) {
      return target.put("reason", "intent " + intent.name());
    }
    if (Intent.HUMAN.equals(intent.name())) {
      return ai.handoffTarget().put("reason", "the customer asks for a person");
    }
    return ai.handoffTarget().put("reason", "default hand-off");
  }

  /** Classifies {@code message} of {@code conversation} and tells its inbox. */
  void publish(Caller service, TenantAi ai, JsonObject conversation, JsonObject message) {
    String inbox = conversation.getString("inbox_id");
    if (inbox == null) {
      return;
    }
    of(ai, message.getString("body"))
        .compose(
            insight ->
                bus.request(
                    HubAddresses.PUBLISH,
                    new JsonObject()
                        .put("tenant", service.tenantId())
                        .put("channel", "inbox:" + inbox)
                        .put(
                            "data",
                            insight
                                .put("type", "ai.insight")
                                .put("conversation_id", conversation.getString("id"))
                                .put("message_id", message.getString("id"))
                                .put("offset", message.getLong("offset"))),
                    new DeliveryOptions().setSendTimeout(TIMEOUT_MS)))
        .onFailure(failed -> LOG.debug("Insight not published: {}", failed.getMessage()));
  }
}
