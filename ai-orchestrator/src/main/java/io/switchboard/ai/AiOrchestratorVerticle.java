package io.switchboard.ai;

import io.switchboard.ai.assist.AssistConsumers;
import io.switchboard.ai.assist.AssistService;
import io.switchboard.ai.assist.ResolveSummaries;
import io.switchboard.ai.audit.TurnRecorder;
import io.switchboard.ai.bot.Answerer;
import io.switchboard.ai.bot.ChatBot;
import io.switchboard.ai.bot.HubNotices;
import io.switchboard.ai.bot.Insights;
import io.switchboard.ai.budget.AiBudget;
import io.switchboard.ai.budget.RedisAiBudget;
import io.switchboard.ai.classify.EmbeddedClassifier;
import io.switchboard.ai.embed.Embeddings;
import io.switchboard.ai.embed.MiniLmEmbeddings;
import io.switchboard.ai.events.AiEvents;
import io.switchboard.ai.model.ModelChain;
import io.switchboard.ai.model.ModelProviders;
import io.switchboard.ai.retrieval.CrudChunkStore;
import io.switchboard.ai.retrieval.KnowledgeBase;
import io.switchboard.ai.tools.CrudToolActions;
import io.switchboard.ai.voice.VoiceTurns;
import io.switchboard.ai.work.AiWorkers;
import io.switchboard.platform.config.AiConfig;
import io.switchboard.platform.crud.CrudClient;
import io.switchboard.platform.node.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of the `ai` role: loads the embedded embedding model (on the AI worker pool), then makes
 * the knowledge base, classifier, model chain, budget and audit every turn shares, and starts
 * answering chat messages, voice turns and agent assist. All of their state lives on this
 * verticle's event loop; the role's HTTP routes ask it over the event bus.
 */
public final class AiOrchestratorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AiOrchestratorVerticle.class);

  /** Redis connections: event claims, budgets and summary marks, each one short command. */
  private static final int REDIS_POOL = 4;

  private static final int REDIS_WAITING = 4_096;

  private final NodeContext context;
  private Redis redis;
  private AiWorkers workers;

  public AiOrchestratorVerticle(NodeContext context) {
    this.context = context;
  }

  @Override
  public Future<?> start() {
    AiConfig config = context.config().ai();
    EventBus bus = vertx.eventBus();
    redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(context.config().redis().url())
                .setMaxPoolSize(REDIS_POOL)
                .setMaxPoolWaiting(REDIS_WAITING)
                .setMaxWaitingHandlers(REDIS_WAITING));
    RedisAPI api = RedisAPI.api(redis);
    workers = new AiWorkers(vertx, config.workers(), config.queue());
    CrudClient crud = new CrudClient(bus, context.config().node().runs("crud"));
    long loading = System.nanoTime();
    return workers
        .<Embeddings>run(MiniLmEmbeddings::new)
        .compose(
            embeddings -> {
              KnowledgeBase knowledge =
                  new KnowledgeBase(
                      new CrudChunkStore(crud), embeddings, workers, config.chunkChars());
              EmbeddedClassifier classifier = new EmbeddedClassifier(embeddings, workers);
              ModelProviders providers = new ModelProviders(vertx, config);
              ModelChain chain = new ModelChain(vertx, config);
              AiBudget budget = new RedisAiBudget(redis, Clock.systemUTC());
              TurnRecorder recorder = new TurnRecorder(crud);
              Insights insights = new Insights(classifier, bus);
              Answerer answerer =
                  new Answerer(
                      config, knowledge, classifier, providers, chain, budget, embeddings.model());
              ChatBot bot =
                  new ChatBot(
                      config,
                      crud,
                      answerer,
                      (service, conversation, ai) ->
                          new CrudToolActions(crud, service, conversation, ai.handoffTarget()),
                      new HubNotices(bus),
                      recorder,
                      insights);
              AssistService assist =
                  new AssistService(
                      config, crud, knowledge, insights, providers, chain, budget, recorder);
              AiEvents events =
                  new AiEvents(bot, new ResolveSummaries(crud, api, assist), knowledge, api);
              return Future.all(
                      new VoiceTurns(config, crud, answerer, recorder, bus).register(),
                      new AssistConsumers(assist).register(bus),
                      events.listen(bus).completion())
                  .onSuccess(
                      started ->
                          LOG.info(
                              "Role ai started: embedding model {} loaded in {} ms, {} workers",
                              embeddings.model(),
                              (System.nanoTime() - loading) / 1_000_000,
                              config.workers()));
            });
  }

  @Override
  public Future<?> stop() {
    // Awaited, as the hub's: a node stops its embedded Redis right after its verticles, and a
    // connection still open then is reset under it.
    return Future.join(redis.close(), workers.close());
  }
}
