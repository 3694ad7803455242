package io.switchboard.ai.bot;

import io.switchboard.ai.audit.TurnRecorder;
import io.switchboard.ai.model.ChatTurn;
import io.switchboard.ai.model.ReplySink;
import io.switchboard.ai.settings.TenantAi;
import io.switchboard.ai.tools.ToolActions;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.config.AiConfig;
import io.switchboard.platform.crud.CrudClient;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AI agent in chat: every message a customer stores (by the hub, REST or gRPC) arrives as a
 * {@code message.created} domain event; when the tenant has the {@code ai} module, the
 * conversation's inbox has the bot switched on, and no human has it (not handed off, nobody
 * assigned, not resolved), the bot answers. Its reply streams into the conversation as notices and
 * is then stored as a message of author kind {@code bot}, which the hub delivers like any other.
 * When it hands off, the customer is told, the conversation is routed to the tenant's hand-off team
 * or inbox and the bot stays quiet there. Turns of one conversation run one after another; the AI
 * node that claimed the message's event answers.
 */
public final class ChatBot {

  /** The user the AI agent writes as; its messages are of author kind {@code bot}. */
  public static final String BOT_USER = "ai-agent";

  /** What the customer reads when the bot hands the conversation to a person. */
  static final String HANDOFF_TEXT =
      "I'm passing you to a member of our team. They will answer here shortly.";

  private static final Logger LOG = LoggerFactory.getLogger(ChatBot.class);

  private final AiConfig config;
  private final CrudClient crud;
  private final Answerer answerer;
  private final ToolFactory tools;
  private final HubNotices notices;
  private final TurnRecorder recorder;
  private final Insights insights;
  // The last turn of each conversation with one running, so the next waits for it.
  private final Map<String, Future<Void>> running = new HashMap<>();

  public ChatBot(
      AiConfig config,
      CrudClient crud,
      Answerer answerer,
      ToolFactory tools,
      HubNotices notices,
      TurnRecorder recorder,
      Insights insights) {
    this.config = config;
    this.crud = crud;
    this.answerer = answerer;
    this.tools = tools;
    this.notices = notices;
    this.recorder = recorder;
    this.insights = insights;
  }

  /** The service caller the bot acts as in {@code tenant}. */
  public static Caller service(String tenant) {
    return new Caller(tenant, BOT_USER, EnumSet.of(Role.SERVICE), Instant.MAX);
  }

  /**
   * Takes a stored message ({@code message.created}'s payload) of an event this node claimed;
   * anything but a customer's public message is ignored.
   */
  public void onMessage(EventEnvelope event, JsonObject message) {
    if (!"contact".equals(message.getString("author_kind"))
        || message.getBoolean("private", false)
        || !(message.getValue("conversation_id") instanceof String conversationId)
        || !(message.getValue("body") instanceof String)) {
      return;
    }
    queue(conversationId, () -> turn(event, message, conversationId));
  }

  private void queue(String conversationId, Supplier<Future<Void>> turn) {
    Future<Void> before = running.getOrDefault(conversationId, Future.succeededFuture());
    Future<Void> next = before.eventually(turn::get);
    running.put(conversationId, next);
    next.onComplete(
        done -> {
          if (running.get(conversationId) == next) {
            running.remove(conversationId);
          }
        });
  }

  private Future<Void> turn(EventEnvelope event, JsonObject message, String conversationId) {
    String tenant = event.getTenantId();
    Caller service = service(tenant);
    return crud.tenant(service)
        .map(json -> TenantAi.of(json, config))
        .compose(
            ai -> {
              if (!ai.enabled()) {
                return Future.succeededFuture();
              }
              return crud.conversation(service, conversationId)
                  .compose(
                      conversation ->
                          botInbox(service, conversation)
                              .compose(
                                  on -> {
                                    if (!on) {
                                      return Future.succeededFuture();
                                    }
                                    insights.publish(service, ai, conversation, message);
                                    return botAnswers(conversation)
                                        ? answer(service, ai, conversation, message, event)
                                        : Future.succeededFuture();
                                  }));
            })
        .onFailure(
            failed ->
                LOG.warn(
                    "Bot turn for message {} of {} failed: {}",
                    message.getString("id"),
                    tenant,
                    failed.getMessage()))
        .otherwiseEmpty()
        .mapEmpty();
  }

  /** Whether the AI works in the conversation's inbox: a chat inbox with the bot switched on. */
  private Future<Boolean> botInbox(Caller service, JsonObject conversation) {
    if (!"chat".equals(conversation.getString("channel"))) {
      return Future.succeededFuture(false);
    }
    return crud.inbox(service, conversation.getString("inbox_id"))
        .map(inbox -> inbox.getBoolean("bot_enabled", false));
  }

  /** Whether the bot answers there now: no human has the conversation and it is open. */
  private static boolean botAnswers(JsonObject conversation) {
    return conversation.getValue("handed_off_at") == null
        && conversation.getValue("assignee_id") == null
        && !"resolved".equals(conversation.getString("status"));
  }

  private Future<Void> answer(
      Caller service,
      TenantAi ai,
      JsonObject conversation,
      JsonObject message,
      EventEnvelope event) {
    String conversationId = conversation.getString("id");
    String turnId = "ai-" + event.getEventId();
    long started = System.nanoTime();
    ToolActions actions = tools.forConversation(service, conversation, ai);
    ReplySink sink =
        new ReplySink() {
          @Override
          public void delta(String text) {
            notices.delta(service.tenantId(), conversationId, turnId, text);
          }

          @Override
          public void restart() {
            notices.reset(service.tenantId(), conversationId, turnId);
          }
        };
    return history(service, conversationId, message.getLong("offset", Long.MAX_VALUE))
        .compose(
            history ->
                answerer.answer(
                    ai,
                    new Question(service.tenantId(), message.getString("body"), history),
                    actions,
                    sink))
        .compose(
            answer ->
                deliver(service, ai, conversationId, turnId, answer, actions)
                    .onComplete(
                        done ->
                            recorder.record(
                                service,
                                new TurnRecorder.Turn(
                                    "reply",
                                    conversationId,
                                    null,
                                    answer.provider(),
                                    answer.model(),
                                    elapsedMs(started),
                                    answer.inputTokens(),
                                    answer.outputTokens(),
                                    answer.tools(),
                                    done.succeeded() ? answer.outcome() : "failed",
                                    answer.detail()))))
        .recover(
            failed -> {
              // Never leave a customer unanswered: what the bot could not take goes to a person.
              recorder.record(
                  service,
                  new TurnRecorder.Turn(
                      "reply",
                      conversationId,
                      null,
                      Answerer.EMBEDDED,
                      "",
                      elapsedMs(started),
                      0,
                      0,
                      List.of(),
                      "failed",
                      new JsonObject().put("error", String.valueOf(failed.getMessage()))));
              return handOff(service, ai, conversationId, turnId);
            });
  }

  private Future<Void> deliver(
      Caller service,
      TenantAi ai,
      String conversationId,
      String turnId,
      Answer answer,
      ToolActions actions) {
    Future<Void> reply =
        answer.text().isBlank()
            ? Future.succeededFuture()
            : crud.append(service, conversationId, answer.text(), false, turnId).mapEmpty();
    if (!answer.handoff()) {
      return reply;
    }
    return reply.compose(
        stored ->
            actions.handedOff()
                ? handOffNotice(service, conversationId, turnId)
                : handOff(service, ai, conversationId, turnId));
  }

  /**
   * Routes the conversation to the tenant's hand-off target and marks it handed off, then tells the
   * customer: once they read it, the bot is quiet there.
   */
  private Future<Void> handOff(Caller service, TenantAi ai, String conversationId, String turnId) {
    JsonObject handoff = new JsonObject().put("handoff", true);
    return crud.updateConversation(service, conversationId, ai.handoffTarget().mergeIn(handoff))
        .recover(
            unrouted -> {
              // A hand-off target the tenant mistyped must not keep the customer with the bot.
              LOG.warn(
                  "Conversation {} of {} not routed to its hand-off target: {}",
                  conversationId,
                  service.tenantId(),
                  unrouted.getMessage());
              return crud.updateConversation(service, conversationId, handoff);
            })
        .compose(handed -> handOffNotice(service, conversationId, turnId));
  }

  private Future<Void> handOffNotice(Caller service, String conversationId, String turnId) {
    return crud.append(service, conversationId, HANDOFF_TEXT, false, turnId + "-handoff")
        .mapEmpty();
  }

  /** The conversation's recent messages before {@code offset}, oldest first, notes left out. */
  private Future<List<ChatTurn>> history(Caller service, String conversationId, long offset) {
    if (config.historyMessages() == 0) {
      return Future.succeededFuture(List.of());
    }
    return crud.messages(service, conversationId, -1, offset, config.historyMessages())
        .map(ChatTurn::fromPage);
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
