package io.switchboard.voice;

import io.switchboard.platform.config.VoiceConfig;
import io.switchboard.platform.crud.CrudClient;
import io.switchboard.platform.node.NodeContext;
import io.switchboard.voice.ai.AiTurns;
import io.switchboard.voice.call.VoiceMetrics;
import io.switchboard.voice.limits.TenantCallLimits;
import io.switchboard.voice.stt.SpeechToText;
import io.switchboard.voice.stt.SpeechToTextEngines;
import io.switchboard.voice.tts.SpeechEngines;
import io.switchboard.voice.tts.TextToSpeech;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of the `voice` role: loads the speech engines (off the event loop), and makes the AI
 * client, the crud client, the tenant call limits and the meters every call shares.
 */
public final class VoiceAgentVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(VoiceAgentVerticle.class);

  /** Redis connections for call limits: one short script per call start and renewal. */
  private static final int REDIS_POOL = 4;

  /** Limit checks that may wait for a Redis connection. */
  private static final int REDIS_WAITING = 4_096;

  private final NodeContext context;
  private Redis redis;
  private SpeechToText stt;
  private TextToSpeech tts;
  private VoiceServices services;

  public VoiceAgentVerticle(NodeContext context) {
    this.context = context;
  }

  @Override
  public Future<?> start() {
    VoiceConfig voice = context.config().voice();
    redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(context.config().redis().url())
                .setMaxPoolSize(REDIS_POOL)
                // Calls start in bursts (a ramp, a campaign): queue their limit checks.
                .setMaxPoolWaiting(REDIS_WAITING)
                .setMaxWaitingHandlers(REDIS_WAITING));
    Future<SpeechToText> speechToText =
        SpeechToTextEngines.start(vertx, voice.stt()).map(engine -> engine.orElse(null));
    Future<TextToSpeech> textToSpeech =
        SpeechEngines.start(vertx, voice.tts()).map(engine -> engine.orElse(null));
    return Future.all(speechToText, textToSpeech)
        .map(
            engines -> {
              stt = speechToText.result();
              tts = textToSpeech.result();
              services =
                  new VoiceServices(
                      voice,
                      stt,
                      tts,
                      new AiTurns(vertx, voice.aiFirstReplyMs()),
                      new CrudClient(vertx.eventBus(), context.config().node().runs("crud")),
                      new TenantCallLimits(RedisAPI.api(redis), voice.maxCallsPerTenant()),
                      new VoiceMetrics(context.meters()));
              LOG.info(
                  "Role voice started: /voice/telephony, /voice/browser, /voice/monitor/<callId>;"
                      + " speech-to-text {}, text-to-speech {}",
                  stt == null ? "off (calls go to human agents)" : stt.name(),
                  tts == null ? "off" : tts.name());
              return services;
            });
  }

  @Override
  public Future<?> stop() {
    if (stt != null) {
      stt.close();
    }
    if (tts != null) {
      tts.close();
    }
    // Awaited, as the hub's: a node stops its embedded Redis right after its verticles, and a
    // connection still open then is reset under it.
    return redis.close();
  }

  /** What the role's front instances share; valid once started. */
  public VoiceServices services() {
    return services;
  }
}
