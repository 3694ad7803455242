package io.switchboard.ai.assist;

import io.switchboard.ai.audit.TurnRecorder;
import io.switchboard.ai.bot.Answerer;
import io.switchboard.ai.bot.ChatBot;
import io.switchboard.ai.bot.Insights;
import io.switchboard.ai.budget.AiBudget;
import io.switchboard.ai.model.ChatTurn;
import io.switchboard.ai.model.ModelChain;
import io.switchboard.ai.model.ModelProvider;
import io.switchboard.ai.model.ModelProviders;
import io.switchboard.ai.model.ModelReply;
import io.switchboard.ai.model.ModelRequest;
import io.switchboard.ai.model.Tokens;
import io.switchboard.ai.retrieval.KnowledgeSearch;
import io.switchboard.ai.retrieval.Passage;
import io.switchboard.ai.retrieval.Retrieval;
import io.switchboard.ai.safety.PiiMasker;
import io.switchboard.ai.safety.PromptFit;
import io.switchboard.ai.settings.TenantAi;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.config.AiConfig;
import io.switchboard.platform.crud.CrudClient;
import io.switchboard.platform.error.ModuleDisabled;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Agent assist: for the human agent working a conversation, the best knowledge-base answers to the
 * customer's newest message, a drafted reply when the tenant has a chat model, the message's intent
 * and sentiment and where the conversation should go; and a summary of a conversation (by the
 * tenant's model, or, without one, a plain account of who said what, first and last). The agent
 * must see the conversation (crud-api's rules); the tenant must have the {@code ai} module.
 */
public final class AssistService {

  /** Most messages a summary reads. */
  static final int SUMMARY_MESSAGES = 200;

  private static final int SUGGESTED_ARTICLES = 3;
  private static final int QUOTE_CHARS = 200;
  private static final int DRAFT_TOKENS = 300;

  private static final String DRAFT_INSTRUCTIONS =
      "Draft the next reply of the support agent to the customer, in the customer's language,"
          + " based on the help-center passages when they apply. Reply with the message only.";

  private static final String SUMMARY_INSTRUCTIONS =
      "Summarise this support conversation for a colleague in two to four sentences: the"
          + " customer's problem, what was done, and what is still open.";

  private final AiConfig config;
  private final CrudClient crud;
  private final KnowledgeSearch knowledge;
  private final Insights insights;
  private final ModelProviders providers;
  private final ModelChain chain;
  private final AiBudget budget;
  private final TurnRecorder recorder;

  public AssistService(
      AiConfig config,
      CrudClient crud,
      KnowledgeSearch knowledge,
      Insights insights,
      ModelProviders providers,
      ModelChain chain,
      AiBudget budget,
      TurnRecorder recorder) {
    this.config = config;
    this.crud = crud;
    this.knowledge = knowledge;
    this.insights = insights;
    this.providers = providers;
    this.chain = chain;
    this.budget = budget;
    this.recorder = recorder;
  }

  /** Suggestions for {@code caller} working conversation {@code id} (see AiAddresses). */
  public Future<JsonObject> suggest(Caller caller, String id) {
    Caller service = ChatBot.service(caller.tenantId());
    long started = System.nanoTime();
    return crud.conversation(caller, id)
        .compose(visible -> settings(service))
        .compose(
            ai ->
                crud.messages(service, id, -1, -1, config.historyMessages() + 1)
                    .compose(
                        page -> suggestFor(service, ai, id, ChatTurn.fromPage(page), started)));
  }

  private Future<JsonObject> suggestFor(
      Caller service, TenantAi ai, String id, List<ChatTurn> history, long started) {
    String newest = null;
    for (int i = history.size() - 1; i >= 0 && newest == null; i--) {
      if ("contact".equals(history.get(i).speaker())) {
        newest = history.get(i).text();
      }
    }
    if (newest == null) {
      return Future.succeededFuture(
          new JsonObject()
              .put("suggestions", new JsonArray())
              .put("intent", new JsonObject().put("name", "none").put("score", 0))
              .put("sentiment", new JsonObject().put("label", "neutral").put("score", 0))
              .put("routing", ai.handoffTarget().put("reason", "no customer message yet")));
    }
    String question = newest;
    Future<Retrieval> found = knowledge.search(service.tenantId(), question, SUGGESTED_ARTICLES);
    Future<JsonObject> insight = insights.of(ai, question);
    return Future.all(found, insight)
        .compose(
            both ->
                draft(service, ai, history, question, found.result())
                    .map(
                        draft -> {
                          JsonArray suggestions = new JsonArray();
                          if (draft != null) {
                            suggestions.add(
                                new JsonObject().put("kind", "draft").put("text", draft.text()));
                            recorder.record(
                                service,
                                turn("suggest", id, draft, started, found.result().passages()));
                          }
                          found
                              .result()
                              .passages()
                              .forEach(
                                  passage ->
                                      suggestions.add(
                                          new JsonObject()
                                              .put("kind", "article")
                                              .put("article_id", passage.articleId())
                                              .put("title", passage.title())
                                              .put("text", passage.text())
                                              .put("score", passage.score())));
                          return insight.result().copy().put("suggestions", suggestions);
                        }));
  }

  /** A drafted reply from the tenant's models, or null without one (or when none answers). */
  private Future<ModelReply> draft(
      Caller service, TenantAi ai, List<ChatTurn> history, String question, Retrieval found) {
    List<ModelProvider> models = providers.of(ai.models());
    if (models.isEmpty()) {
      return Future.succeededFuture();
    }
    List<ChatTurn> earlier = history.subList(0, Math.max(0, history.size() - 1));
    ModelRequest request =
        PromptFit.fit(
            PiiMasker.masked(
                new ModelRequest(
                    DRAFT_INSTRUCTIONS, earlier, question, found.passages(), DRAFT_TOKENS)),
            config.maxPromptChars());
    return ask(service, ai, models, request).otherwiseEmpty();
  }

  /** Intent and sentiment of {@code text} with {@code tenant}'s intents (see AiAddresses). */
  public Future<JsonObject> classify(String tenant, String text) {
    return settings(ChatBot.service(tenant)).compose(ai -> insights.of(ai, text));
  }

  /** A summary of conversation {@code id} for {@code caller}: {@code {"summary", "model"}}. */
  public Future<JsonObject> summary(Caller caller, String id) {
    Caller service = ChatBot.service(caller.tenantId());
    long started = System.nanoTime();
    return crud.conversation(caller, id)
        .compose(visible -> settings(service))
        .compose(
            ai ->
                crud.messages(service, id, -1, -1, SUMMARY_MESSAGES)
                    .compose(page -> summarise(service, ai, id, ChatTurn.fromPage(page), started)));
  }

  private Future<JsonObject> summarise(
      Caller service, TenantAi ai, String id, List<ChatTurn> history, long started) {
    List<ModelProvider> models = providers.of(ai.models());
    JsonObject plain =
        new JsonObject().put("summary", account(history)).put("model", Answerer.EMBEDDED);
    if (models.isEmpty() || history.isEmpty()) {
      return Future.succeededFuture(plain);
    }
    ModelRequest request =
        PromptFit.fit(
            PiiMasker.masked(
                new ModelRequest(
                    SUMMARY_INSTRUCTIONS,
                    history,
                    "Summarise the conversation above.",
                    List.of(),
                    DRAFT_TOKENS)),
            config.maxPromptChars());
    return ask(service, ai, models, request)
        .map(
            reply -> {
              recorder.record(service, turn("summary", id, reply, started, List.of()));
              return new JsonObject().put("summary", reply.text()).put("model", reply.model());
            })
        // Without a model that answers, the plain account is still a summary.
        .otherwise(plain);
  }

  private Future<ModelReply> ask(
      Caller service, TenantAi ai, List<ModelProvider> models, ModelRequest request) {
    int estimate = Tokens.estimate(request.question()) + DRAFT_TOKENS;
    return budget
        .take(service.tenantId(), estimate, ai.requestsPerMinute(), ai.tokensPerMinute())
        .compose(granted -> chain.reply(models, request, null, text -> {}))
        .compose(
            reply ->
                budget
                    .charge(service.tenantId(), reply.outputTokens())
                    .otherwiseEmpty()
                    .map(charged -> reply));
  }

  /**
   * Who said what, in numbers, with the first thing the customer said and the last message: facts
   * from the conversation only, no words of a model's.
   */
  static String account(List<ChatTurn> history) {
    if (history.isEmpty()) {
      return "No messages yet.";
    }
    int contact = 0;
    int agent = 0;
    int bot = 0;
    String first = null;
    for (ChatTurn turn : history) {
      switch (turn.speaker()) {
        case "contact":
          contact++;
          if (first == null) {
            first = turn.text();
          }
          break;
        case "agent":
          agent++;
          break;
        default:
          bot++;
      }
    }
    ChatTurn last = history.get(history.size() - 1);
    StringBuilder out = new StringBuilder();
    if (first != null) {
      out.append("The customer wrote: \"").append(quote(first)).append("\". ");
    }
    out.append(history.size())
        .append(" messages: ")
        .append(contact)
        .append(" from the customer, ")
        .append(agent)
        .append(" from agents, ")
        .append(bot)
        .append(" from the bot. Last, from the ")
        .append("contact".equals(last.speaker()) ? "customer" : last.speaker())
        .append(": \"")
        .append(quote(last.text()))
        .append("\".");
    return out.toString();
  }

  private Future<TenantAi> settings(Caller service) {
    return crud.tenant(service)
        .map(json -> TenantAi.of(json, config))
        .compose(
            ai ->
                ai.enabled()
                    ? Future.succeededFuture(ai)
                    : Future.failedFuture(new ModuleDisabled("ai")));
  }

  private static String quote(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= QUOTE_CHARS ? flat : flat.substring(0, QUOTE_CHARS) + "…";
  }

  private static TurnRecorder.Turn turn(
      String kind, String id, ModelReply reply, long started, List<Passage> passages) {
    JsonArray articles = new JsonArray();
    passages.forEach(p -> articles.add(p.articleId()));
    return new TurnRecorder.Turn(
        kind,
        id,
        null,
        reply.provider(),
        reply.model(),
        (System.nanoTime() - started) / 1_000_000,
        reply.inputTokens(),
        reply.outputTokens(),
        reply.toolsCalled(),
        "answered",
        new JsonObject().put("articles", articles));
  }
}
