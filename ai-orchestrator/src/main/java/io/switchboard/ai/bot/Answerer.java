package io.switchboard.ai.bot;

import io.switchboard.ai.budget.AiBudget;
import io.switchboard.ai.classify.Classifier;
import io.switchboard.ai.classify.Intent;
import io.switchboard.ai.model.ChatTurn;
import io.switchboard.ai.model.ModelChain;
import io.switchboard.ai.model.ModelProvider;
import io.switchboard.ai.model.ModelProviders;
import io.switchboard.ai.model.ModelReply;
import io.switchboard.ai.model.ModelRequest;
import io.switchboard.ai.model.ReplySink;
import io.switchboard.ai.model.Tokens;
import io.switchboard.ai.retrieval.KnowledgeSearch;
import io.switchboard.ai.retrieval.Passage;
import io.switchboard.ai.retrieval.Retrieval;
import io.switchboard.ai.safety.PiiMasker;
import io.switchboard.ai.safety.PromptFit;
import io.switchboard.ai.settings.TenantAi;
import io.switchboard.ai.tools.ToolActions;
import io.switchboard.platform.config.AiConfig;
import io.switchboard.platform.error.RateLimited;
import io.switchboard.platform.error.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one customer turn, for chat and voice alike: within the tenant's budget; a customer who
 * asks for a person goes to one; else the tenant's knowledge base is searched and the tenant's chat
 * models answer in fallback order with those passages (personal data masked before any text
 * leaves); with no model configured or none answering, the embedded default gives the best matching
 * passage and cites it, or hands off when nothing matches well enough. It never invents text of its
 * own.
 */
public final class Answerer {

  /** Provider name of answers made from a passage, without a chat model. */
  public static final String EMBEDDED = "embedded";

  /** Passages searched per turn and given to the model. */
  private static final int PASSAGES = 3;

  private static final int MAX_OUTPUT_TOKENS = 400;

  private static final Logger LOG = LoggerFactory.getLogger(Answerer.class);

  private final AiConfig config;
  private final KnowledgeSearch knowledge;
  private final Classifier classifier;
  private final ModelProviders providers;
  private final ModelChain chain;
  private final AiBudget budget;
  private final String embeddingModel;

  public Answerer(
      AiConfig config,
      KnowledgeSearch knowledge,
      Classifier classifier,
      ModelProviders providers,
      ModelChain chain,
      AiBudget budget,
      String embeddingModel) {
    this.config = config;
    this.knowledge = knowledge;
    this.classifier = classifier;
    this.providers = providers;
    this.chain = chain;
    this.budget = budget;
    this.embeddingModel = embeddingModel;
  }

  /**
   * Answers {@code question} for a tenant with {@code ai}, streaming the reply into {@code sink};
   * {@code tools} (null for none) act on the conversation. Fails only when the turn cannot be taken
   * at all (busy workers): every other trouble ends in a hand-off.
   */
  public Future<Answer> answer(TenantAi ai, Question question, ToolActions tools, ReplySink sink) {
    int estimate = Tokens.estimate(question.text()) + history(question.history());
    return budget
        .take(question.tenant(), estimate, ai.requestsPerMinute(), ai.tokensPerMinute())
        .compose(
            granted -> classify(ai, question.text()),
            over ->
                over instanceof RateLimited
                    ? Future.failedFuture(new OverBudget())
                    : Future.failedFuture(over))
        .compose(
            intent ->
                Intent.HUMAN.equals(intent.name())
                    ? Future.succeededFuture(handoff(intent, "the customer asked for a person"))
                    : search(question)
                        .compose(found -> reply(ai, question, intent, found, tools, sink)))
        .recover(
            failure ->
                failure instanceof OverBudget
                    ? Future.succeededFuture(
                        handoff(new Intent(Intent.NONE, 0), "the tenant's AI budget is used up"))
                    : Future.failedFuture(failure));
  }

  private Future<Intent> classify(TenantAi ai, String text) {
    return classifier
        .intent(ai.intents(), text)
        .recover(
            failed -> {
              LOG.debug("Intent not classified: {}", failed.getMessage());
              return Future.succeededFuture(new Intent(Intent.NONE, 0));
            });
  }

  private Future<Retrieval> search(Question question) {
    return knowledge
        .search(question.tenant(), question.text(), PASSAGES)
        .recover(
            failed -> {
              LOG.warn(
                  "Knowledge base of {} not searched: {}", question.tenant(), failed.getMessage());
              return Future.succeededFuture(Retrieval.NOTHING);
            });
  }

  private Future<Answer> reply(
      TenantAi ai,
      Question question,
      Intent intent,
      Retrieval found,
      ToolActions tools,
      ReplySink sink) {
    List<ModelProvider> models = providers.of(ai.models());
    if (models.isEmpty()) {
      return Future.succeededFuture(fromPassage(ai, intent, found, sink, null));
    }
    ModelRequest request =
        PromptFit.fit(
            PiiMasker.masked(
                new ModelRequest(
                    ai.instructions(),
                    question.history(),
                    question.text(),
                    found.passages(),
                    MAX_OUTPUT_TOKENS)),
            config.maxPromptChars());
    return chain
        .reply(models, request, tools, sink)
        .compose(
            reply ->
                budget
                    .charge(question.tenant(), reply.outputTokens())
                    .otherwiseEmpty()
                    .map(charged -> fromModel(reply, intent, found)))
        .recover(
            failed -> {
              // Busy workers refuse the turn; a model chain that found no model falls back.
              if (failed instanceof Unavailable unavailable && !"busy".equals(unavailable.type())) {
                LOG.info(
                    "No chat model of {} answered: {}", question.tenant(), failed.getMessage());
                return Future.succeededFuture(
                    fromPassage(ai, intent, found, sink, failed.getMessage()));
              }
              return Future.failedFuture(failed);
            });
  }

  private Answer fromModel(ModelReply reply, Intent intent, Retrieval found) {
    boolean handoff = reply.handoff() || reply.text().isBlank();
    return new Answer(
        reply.text(),
        handoff,
        reply.provider(),
        reply.model(),
        reply.inputTokens(),
        reply.outputTokens(),
        reply.toolsCalled(),
        intent,
        cited(found.passages()).put("confidence", found.confidence()));
  }

  /** The embedded default: the best passage, cited, when it is close enough; else a hand-off. */
  private Answer fromPassage(
      TenantAi ai, Intent intent, Retrieval found, ReplySink sink, String modelFailure) {
    JsonObject detail = new JsonObject().put("confidence", found.confidence());
    if (modelFailure != null) {
      detail.put("model_failure", modelFailure);
    }
    if (!found.answers(ai.answerThreshold())) {
      return handoff(intent, "no knowledge-base article answers it well enough").withDetail(detail);
    }
    Passage best = found.passages().get(0);
    String text = best.text().strip() + "\n\n(From our help center: " + best.title() + ")";
    sink.delta(text);
    detail.put("articles", new JsonArray().add(best.articleId()));
    return new Answer(text, false, EMBEDDED, embeddingModel, 0, 0, List.of(), intent, detail);
  }

  private static Answer handoff(Intent intent, String reason) {
    return new Answer(
        "", true, EMBEDDED, "", 0, 0, List.of(), intent, new JsonObject().put("reason", reason));
  }

  private static JsonObject cited(List<Passage> passages) {
    JsonArray ids = new JsonArray();
    passages.forEach(passage -> ids.add(passage.articleId()));
    return new JsonObject().put("articles", ids);
  }

  private static int history(List<ChatTurn> history) {
    int tokens = 0;
    for (ChatTurn turn : history) {
      tokens += Tokens.estimate(turn.text());
    }
    return tokens;
  }

  /** The budget refused the turn: it goes to a person. */
  private static final class OverBudget extends RuntimeException {
    OverBudget() {
      super("over budget", null, false, false);
    }
  }
}
